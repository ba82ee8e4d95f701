package dev.flightplan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Temporal server itself goes away mid-migration and comes back on the same database: the migration carries on
 * from where it was, with the same worker process, which reconnects by itself.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DevServerRestartE2E {
  @TempDir Path dir;

  @AfterEach
  void keepLogs() {
    E2EArtifacts.keep(dir, "DevServerRestartE2E");
  }

  @Test
  void migrationContinuesAfterTheServerRestartsOnTheSameDatabase() throws Exception {
    String migration = "checkout-server-restart";
    Path binary = E2EPreconditions.temporal();
    try (DevServer temporal = DevServer.start(binary, Files.createDirectories(dir.resolve("temporal")));
        MigrationProbe probe = new MigrationProbe(temporal.address());
        SimulationProcess cluster = SimulationProcess.start(dir, Duration.ofSeconds(1));
        WorkerProcess worker = WorkerProcess.start("only", temporal, cluster, dir)) {
      E2ESteps.start(temporal, E2EPlans.blueGreen(dir, migration, "checkout", "6s"));
      probe.awaitRunningActivity(migration, MigrationProbe.OBSERVE_ACTIVITY, Duration.ofSeconds(60));

      temporal.restart(Duration.ofSeconds(3));
      E2ELog.say("dev server restarted on %s", temporal.database());

      E2ESteps.approveWhenAsked(temporal, probe, migration);
      MigrationResult result = probe.awaitResult(migration, Duration.ofMinutes(2));

      assertThat(result.state()).as(result.summary()).isEqualTo(MigrationState.COMPLETED);
      assertThat(worker.process().isAlive()).as("the same worker carried on").isTrue();
      ClusterOutcome.assertMigratedToGreen(cluster, "checkout");
    }
  }
}
