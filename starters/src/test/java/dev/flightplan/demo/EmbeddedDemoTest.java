package dev.flightplan.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo is the product end to end: it must pass on every build, exactly as a user runs it. */
class EmbeddedDemoTest {

  @Test
  void demoCompletesOneMigrationAndRollsTheOtherBackLeavingTheClusterAsExpected() {
    StringWriter output = new StringWriter();

    int exit =
        new EmbeddedDemo(new PrintWriter(output, true))
            .run(new EmbeddedDemo.Options(0, false, Path.of("../examples/demo"), Duration.ofMinutes(3)));

    String printed = output.toString();
    assertThat(exit).as(printed).isZero();
    assertThat(printed)
        .contains("checkout-v2  weight          checkout-green now receives 25% of traffic")
        .contains("payments-v3  rolling-back    rolling back: canary at 25% breached error_rate above 0.05")
        .contains("approving as demo-approver")
        .contains("Demo passed: one migration completed, one rolled back cleanly.")
        .doesNotContain("Demo FAILED")
        .doesNotContainPattern("(?m)^  FAIL ");
  }
}
