package dev.flightplan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.migration.MigrationState;
import java.nio.file.Path;
import java.time.Duration;

/** What a person does in these scenarios, through the {@code flightplan} CLI. */
final class E2ESteps {
  private E2ESteps() {}

  static void start(DevServer temporal, Path plan) {
    FlightplanCommand.Result started = FlightplanCommand.run(temporal.address(), "start", plan.toString(), "--by", "e2e");
    assertThat(started.exitCode()).as("flightplan start: %s", started).isZero();
  }

  /** Waits for the migration's approval step and approves as alice, as the CLI confirms it counted. */
  static void approveWhenAsked(DevServer temporal, MigrationProbe probe, String migration) {
    probe.awaitState(migration, MigrationState.WAITING_APPROVAL, Duration.ofMinutes(2));
    FlightplanCommand.Result approved =
        FlightplanCommand.run(temporal.address(), "approve", migration, "--by", E2EPlans.APPROVER);
    assertThat(approved.exitCode()).as("flightplan approve: %s", approved).isZero();
  }
}
