package dev.flightplan.fleet;

import dev.flightplan.plan.Wave;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Computes {@link FleetKpis} from the systems' progress. Pure, so the workflow's query and tests
 * use the same code.
 *
 * <p>The success score is seed 003's {@code calculate_success_score}: the mean of six terms, (1)
 * migrated / total, (2) the validation success rate, here the share of finished migrations that
 * migrated, (3) 1 − rollbacks / max(migrated, 1), clamped at 0 (the seed's term goes negative when
 * rollbacks outnumber migrations, which would let one term outweigh the others), (4) 1 if nothing
 * failed else 0.5, (5) min(1, max(0, throughput change + 1)) and (6) 1 without downtime else 0.8.
 * The fleet measures neither throughput nor downtime (each system's migration gates on them
 * instead), so (5) and (6) use the seed's defaults, 0 % change and 0 minutes: both terms are 1.
 */
public final class FleetKpiCalculator {

  private static final double DAY_MILLIS = 86_400_000.0;
  private static final double HOUR_MILLIS = 3_600_000.0;

  private FleetKpiCalculator() {}

  public static FleetKpis compute(
      String fleet,
      List<Wave> waves,
      List<String> waveStates,
      Collection<SystemProgress> systems,
      long startedAtMillis,
      long nowMillis) {
    Counts all = new Counts();
    List<Counts> perWave = new ArrayList<>();
    for (int w = 0; w < waves.size(); w++) {
      perWave.add(new Counts());
    }
    long migrationMillis = 0;
    int timed = 0;
    for (SystemProgress system : systems) {
      all.add(system.state());
      if (system.wave() >= 0 && system.wave() < perWave.size()) {
        perWave.get(system.wave()).add(system.state());
      }
      if (system.migrationMillis() != null
          && (system.state().isMigrated() || system.state() == SystemState.REVERTED)) {
        migrationMillis += system.migrationMillis();
        timed++;
      }
    }
    double elapsedDays = Math.max(0, nowMillis - startedAtMillis) / DAY_MILLIS;
    double rate = elapsedDays > 0 ? all.migrated / elapsedDays : 0.0;
    double meanHours = timed == 0 ? 0.0 : migrationMillis / (double) timed / HOUR_MILLIS;
    int finished = all.migrated + all.rolledBack + all.failed;
    double successRate = finished == 0 ? 0.0 : (double) all.migrated / finished;
    double score =
        successScore(
            all.migrated,
            all.total,
            successRate,
            all.rolledBack + all.reverted,
            all.failed,
            0.0,
            0.0);
    List<WaveProgress> waveProgress = new ArrayList<>();
    for (int w = 0; w < waves.size(); w++) {
      Counts c = perWave.get(w);
      waveProgress.add(
          new WaveProgress(
              waves.get(w).name(),
              w < waveStates.size() ? waveStates.get(w) : "PENDING",
              waves.get(w).parallelism(),
              c.total,
              c.migrated,
              c.rolledBack,
              c.reverted,
              c.failed,
              c.skipped,
              c.inProgress,
              c.pending));
    }
    return new FleetKpis(
        fleet,
        all.total,
        all.migrated,
        all.rolledBack,
        all.reverted,
        all.failed,
        all.skipped,
        all.inProgress,
        all.pending,
        elapsedDays,
        rate,
        meanHours,
        successRate,
        score,
        List.copyOf(waveProgress));
  }

  /** Seed 003's formula; see the class comment for the clamp on the rollback term. */
  public static double successScore(
      int migrated,
      int total,
      double validationSuccessRate,
      int rollbacks,
      int failed,
      double throughputChange,
      double downtimeMinutes) {
    double[] terms = {
      total == 0 ? 0.0 : (double) migrated / total,
      validationSuccessRate,
      Math.max(0.0, 1.0 - (double) rollbacks / Math.max(migrated, 1)),
      failed == 0 ? 1.0 : 0.5,
      Math.min(1.0, Math.max(0.0, throughputChange + 1.0)),
      downtimeMinutes == 0 ? 1.0 : 0.8
    };
    double sum = 0;
    for (double term : terms) {
      sum += term;
    }
    return sum / terms.length;
  }

  private static final class Counts {
    int total;
    int migrated;
    int rolledBack;
    int reverted;
    int failed;
    int skipped;
    int inProgress;
    int pending;

    void add(SystemState state) {
      total++;
      switch (state) {
        case COMPLETED, REVERT_FAILED -> migrated++;
        case REVERTING -> {
          migrated++;
          inProgress++;
        }
        case ROLLED_BACK, ABORTED -> rolledBack++;
        case REVERTED -> reverted++;
        case FAILED -> failed++;
        case SKIPPED -> skipped++;
        case RUNNING -> inProgress++;
        case PENDING -> pending++;
      }
    }
  }
}
