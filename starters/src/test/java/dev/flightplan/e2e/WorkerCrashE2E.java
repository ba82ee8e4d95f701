package dev.flightplan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker killed with {@code kill -9} in the middle of a long wait: another worker takes the wait over once the
 * heartbeat timeout tells Temporal the first one is gone, and the migration completes without any change applied
 * twice. Real Temporal dev server, worker processes, the CLI, and {@code flightplan simulate}.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class WorkerCrashE2E {
  @TempDir static Path folder;
  static DevServer temporal;
  static MigrationProbe probe;

  @TempDir Path dir;

  @BeforeAll
  static void startTemporal() throws Exception {
    temporal = DevServer.start(E2EPreconditions.temporal(), Files.createDirectories(folder.resolve("temporal")));
    probe = new MigrationProbe(temporal.address());
  }

  @AfterAll
  static void stopTemporal() {
    if (probe != null) {
      probe.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    E2EArtifacts.keep(folder.resolve("temporal"), "WorkerCrashE2E");
  }

  @AfterEach
  void keepLogs(TestInfo test) {
    E2EArtifacts.keep(dir, "WorkerCrashE2E/" + test.getTestMethod().orElseThrow().getName());
  }

  @Test
  void migrationCompletesWhenTheWorkerIsKilledDuringAnObservationWindow() {
    String migration = "checkout-killed-observing";
    try (SimulationProcess cluster = SimulationProcess.start(dir, Duration.ofSeconds(1));
        WorkerProcess first = WorkerProcess.start("first", temporal, cluster, dir)) {
      E2ESteps.start(temporal, E2EPlans.blueGreen(dir, migration, "checkout", "8s"));
      probe.awaitRunningActivity(migration, MigrationProbe.OBSERVE_ACTIVITY, Duration.ofSeconds(60));
      Sleep.millis(2_000); // a few samples into the window

      first.kill();
      long killed = System.nanoTime();
      try (WorkerProcess second = WorkerProcess.start("second", temporal, cluster, dir)) {
        probe.awaitRunningActivity(
            migration, MigrationProbe.OBSERVE_ACTIVITY, activity -> activity.getAttempt() > 1, Duration.ofSeconds(60));
        E2ELog.say("observation window running again %d ms after kill -9", (System.nanoTime() - killed) / 1_000_000);

        E2ESteps.approveWhenAsked(temporal, probe, migration);
        MigrationResult result = probe.awaitResult(migration, Duration.ofMinutes(2));

        assertThat(result.state()).as(result.summary()).isEqualTo(MigrationState.COMPLETED);
        assertThat(probe.finishedAttempts(migration, MigrationProbe.OBSERVE_ACTIVITY))
            .as("the window the first worker was in is finished by the second, on a retry")
            .anySatisfy(
                attempt -> {
                  assertThat(attempt.attempt()).isGreaterThan(1);
                  assertThat(attempt.identity()).startsWith(second.pid() + "@");
                });
        ClusterOutcome.assertMigratedToGreen(cluster, "checkout");
      }
    }
  }

  @Test
  void migrationCompletesWhenTheWorkerIsKilledWhileWaitingForARollout() {
    String migration = "payments-killed-rolling-out";
    // Slower than the heartbeat timeout, so the second worker finds the rollout still in progress.
    try (SimulationProcess cluster = SimulationProcess.start(dir, Duration.ofSeconds(20));
        WorkerProcess first = WorkerProcess.start("first", temporal, cluster, dir)) {
      E2ESteps.start(temporal, E2EPlans.blueGreen(dir, migration, "payments", "2s"));
      probe.awaitRunningActivity(migration, MigrationProbe.ROLLOUT_WAIT_ACTIVITY, Duration.ofSeconds(60));
      Sleep.millis(1_000);

      first.kill();
      long killed = System.nanoTime();
      try (WorkerProcess second = WorkerProcess.start("second", temporal, cluster, dir)) {
        probe.awaitRunningActivity(
            migration,
            MigrationProbe.ROLLOUT_WAIT_ACTIVITY,
            activity -> activity.getAttempt() > 1,
            Duration.ofSeconds(60));
        E2ELog.say("rollout wait running again %d ms after kill -9", (System.nanoTime() - killed) / 1_000_000);
        assertThat(ClusterOutcome.readyReplicas(cluster, "payments-green"))
            .as("the rollout is still in progress when the second worker takes the wait over")
            .isZero();

        E2ESteps.approveWhenAsked(temporal, probe, migration);
        MigrationResult result = probe.awaitResult(migration, Duration.ofMinutes(2));

        assertThat(result.state()).as(result.summary()).isEqualTo(MigrationState.COMPLETED);
        assertThat(probe.finishedAttempts(migration, MigrationProbe.ROLLOUT_WAIT_ACTIVITY))
            .anySatisfy(
                attempt -> {
                  assertThat(attempt.attempt()).isGreaterThan(1);
                  assertThat(attempt.identity()).startsWith(second.pid() + "@");
                });
        ClusterOutcome.assertMigratedToGreen(cluster, "payments");
      }
    }
  }
}
