package dev.flightplan.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightplan.plan.Wave;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 003's KPIs and success score, computed from systems' progress. */
class FleetKpiCalculatorTest {

  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private static SystemProgress done(String name, int wave, SystemState state, long hours) {
    return new SystemProgress(name, wave, state, "f/" + name, 0L, hours * HOUR, hours * HOUR, null);
  }

  @Test
  void successScoreIsOneForAFleetThatMigratedEverythingCleanly() {
    assertThat(FleetKpiCalculator.successScore(52, 52, 1.0, 0, 0, 0.0, 0.0)).isEqualTo(1.0);
  }

  @Test
  void successScoreAveragesTheSeedsSixTerms() {
    // 26/52 = 0.5, validation 0.8, 1 - 13/26 = 0.5, one failure = 0.5, throughput +0 % = 1, no
    // downtime = 1
    assertThat(FleetKpiCalculator.successScore(26, 52, 0.8, 13, 1, 0.0, 0.0))
        .isCloseTo(4.3 / 6, within(1e-12));
    // throughput -30 % counts 0.7, downtime counts 0.8
    assertThat(FleetKpiCalculator.successScore(52, 52, 1.0, 0, 0, -0.3, 12.0))
        .isCloseTo(5.5 / 6, within(1e-12));
  }

  @Test
  void rollbackTermNeverGoesBelowZero() {
    // the seed's 1 - 3/1 would be -2 and drag the mean below what the other terms say
    assertThat(FleetKpiCalculator.successScore(1, 4, 0.25, 3, 0, 0.0, 0.0))
        .isCloseTo((0.25 + 0.25 + 0 + 1 + 1 + 1) / 6, within(1e-12));
  }

  @Test
  void computesCountsRateMeanTimeAndPerWaveProgress() {
    List<Wave> waves =
        List.of(
            new Wave("pilot", null, List.of("a", "b"), 1, null, null),
            new Wave("rest", null, null, 3, null, null));
    List<SystemProgress> systems =
        List.of(
            done("a", 0, SystemState.COMPLETED, 1),
            done("b", 0, SystemState.COMPLETED, 3),
            done("c", 1, SystemState.COMPLETED, 2),
            done("d", 1, SystemState.ROLLED_BACK, 5),
            done("e", 1, SystemState.FAILED, 1),
            SystemProgress.pending("f", 1).skipped("depends on e"),
            SystemProgress.pending("g", 1).started("f/g", 0L),
            SystemProgress.pending("h", 1));

    FleetKpis kpis =
        FleetKpiCalculator.compute("f", waves, List.of("DONE", "RUNNING"), systems, 0L, 2 * DAY);

    assertThat(kpis.systemsTotal()).isEqualTo(8);
    assertThat(kpis.migrated()).isEqualTo(3);
    assertThat(kpis.rolledBack()).isEqualTo(1);
    assertThat(kpis.failed()).isEqualTo(1);
    assertThat(kpis.skipped()).isEqualTo(1);
    assertThat(kpis.inProgress()).isEqualTo(1);
    assertThat(kpis.pending()).isEqualTo(1);
    assertThat(kpis.elapsedDays()).isEqualTo(2.0);
    assertThat(kpis.migrationRatePerDay()).isEqualTo(1.5);
    assertThat(kpis.meanMigrationTimeHours()).isEqualTo(2.0);
    assertThat(kpis.successRate()).isCloseTo(0.6, within(1e-12));
    assertThat(kpis.successScore())
        .isCloseTo((3 / 8.0 + 0.6 + (1 - 1 / 3.0) + 0.5 + 1 + 1) / 6, within(1e-12));
    assertThat(kpis.waves())
        .containsExactly(
            new WaveProgress("pilot", "DONE", 1, 2, 2, 0, 0, 0, 0, 0, 0),
            new WaveProgress("rest", "RUNNING", 3, 6, 1, 1, 0, 1, 1, 1, 1));
  }

  @Test
  void revertedSystemsNoLongerCountAsMigratedButAsRollbacks() {
    List<Wave> waves = List.of(new Wave("only", null, null, 1, null, null));
    List<SystemProgress> systems =
        List.of(
            done("a", 0, SystemState.REVERTED, 2),
            done("b", 0, SystemState.REVERT_FAILED, 4),
            done("c", 0, SystemState.ROLLED_BACK, 1));

    FleetKpis kpis =
        FleetKpiCalculator.compute("f", waves, List.of("ROLLED_BACK"), systems, 0L, DAY);

    assertThat(kpis.migrated()).isEqualTo(1);
    assertThat(kpis.reverted()).isEqualTo(1);
    assertThat(kpis.rolledBack()).isEqualTo(1);
    assertThat(kpis.meanMigrationTimeHours())
        .as("both reverted systems had migrated first")
        .isEqualTo(3.0);
    assertThat(kpis.successScore()).isCloseTo((1 / 3.0 + 0.5 + 0 + 1 + 1 + 1) / 6, within(1e-12));
  }
}
