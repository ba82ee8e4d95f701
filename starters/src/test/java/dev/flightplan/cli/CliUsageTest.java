package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.worker.TemporalSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CliUsageTest {

  private final AtomicReference<TemporalSettings> asked = new AtomicReference<>();
  private final Map<String, String> env = new HashMap<>();

  /** Records the settings it was opened with, then fails as a missing server would. */
  private final TemporalAccess recording =
      settings -> {
        asked.set(settings);
        throw new CliFailure(ExitCodes.UNREACHABLE, "recorded");
      };

  private CliRun.Result run(String... args) {
    return CliRun.run(
        new CliContext(env, recording, new TestPlans.Source(), Clock.systemUTC()), args);
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRun.Result result = run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            "worker",
            "setup",
            "validate",
            "plan",
            "start",
            "status",
            "watch",
            "list",
            "approve",
            "reject",
            "abort",
            "pause",
            "resume",
            "retry",
            "skip")
        .contains("Exit codes:", "5   Temporal unreachable");
  }

  @Test
  void everySubcommandsHelpListsTheExitCodesToo() {
    CliRun.Result result = run("approve", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("--by=NAME", "--reason=TEXT", "Exit codes:");
  }

  @Test
  void noCommandPrintsTheUsage() {
    CliRun.Result result = run();

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: flightplan");
  }

  @Test
  void anUnknownOptionExitsTwoWithTheMessageAndAUsageHint() {
    CliRun.Result result = run("status", "checkout", "--colour");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).first().isEqualTo("Unknown option: '--colour'");
    assertThat(result.err())
        .contains("Usage: flightplan status")
        .contains("Try 'flightplan status --help' for more information.");
    assertThat(asked.get()).isNull();
  }

  @Test
  void aMissingArgumentExitsTwo() {
    CliRun.Result result = run("status");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).first().isEqualTo("Missing required parameter: 'NAME'");
  }

  @Test
  void aMistypedCommandSuggestsTheRightOne() {
    CliRun.Result result = run("aprove", "checkout");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains("Unmatched arguments from index 0: 'aprove', 'checkout'")
        .contains("approve");
  }

  @Test
  void anUnknownOutputFormatExitsTwo() {
    CliRun.Result result = run("list", "--output", "yaml");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).first().asString().contains("--output").contains("yaml");
  }

  @Test
  void aDurationThatIsNotOneExitsTwo() {
    CliRun.Result result = run("watch", "checkout", "--interval", "often");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).first().asString().contains("'often' is not a duration");
  }

  @Test
  void aSignalWithNobodyToNameExitsTwoBeforeConnecting() {
    CliRun.Result result = run("approve", "checkout");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo("--by is required: name who decides, or set FLIGHTPLAN_USER\n");
    assertThat(asked.get()).isNull();
  }

  @Test
  void addressAndNamespaceComeFromTheEnvironment() {
    env.put("TEMPORAL_ADDRESS", "temporal.internal:7233");
    env.put("TEMPORAL_NAMESPACE", "payments");

    run("status", "checkout");

    assertThat(asked.get().address()).isEqualTo("temporal.internal:7233");
    assertThat(asked.get().namespace()).isEqualTo("payments");
  }

  @Test
  void globalOptionsWorkBeforeOrAfterTheCommandAndWinOverTheEnvironment() {
    env.put("TEMPORAL_ADDRESS", "temporal.internal:7233");

    run("--address", "before:7233", "status", "checkout");
    assertThat(asked.get().address()).isEqualTo("before:7233");

    run("status", "checkout", "--address", "after:7233", "--namespace", "ops");
    assertThat(asked.get().address()).isEqualTo("after:7233");
    assertThat(asked.get().namespace()).isEqualTo("ops");
  }

  @Test
  void aMalformedAddressIsOneLineAndExitsTwo() {
    env.put("TEMPORAL_ADDRESS", "http://temporal:7233");

    CliRun.Result result = run("list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "TEMPORAL_ADDRESS must be host:port without a scheme, not 'http://temporal:7233'"
                + " (e.g. 127.0.0.1:7233)\n");
  }

  @Test
  void theWorkerStopsOnABadSettingWithOneLine() {
    env.put("TEMPORAL_TLS_CERT", "/etc/hosts");

    CliRun.Result result = run("worker");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo("TEMPORAL_TLS_CERT is set but TEMPORAL_TLS_KEY is not: set both, or neither\n");
  }

  @Test
  void anUnexpectedFailureIsOneLineAndExitsOne() {
    TemporalAccess broken =
        settings -> {
          throw new IllegalStateException(
              "wrapper", new IllegalArgumentException("the actual\n problem"));
        };

    CliRun.Result result =
        CliRun.run(
            new CliContext(env, broken, new TestPlans.Source(), Clock.systemUTC()),
            "status",
            "checkout");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err()).isEqualTo("flightplan: the actual problem\n");
  }

  @Test
  void flightplanDebugAddsTheStackTrace() {
    env.put("FLIGHTPLAN_DEBUG", "1");
    TemporalAccess broken =
        settings -> {
          throw new IllegalStateException("boom");
        };

    CliRun.Result result =
        CliRun.run(
            new CliContext(env, broken, new TestPlans.Source(), Clock.systemUTC()),
            "status",
            "checkout");

    assertThat(result.err())
        .contains("java.lang.IllegalStateException: boom", "\tat ")
        .endsWith("flightplan: boom\n");
  }
}
