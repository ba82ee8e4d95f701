package dev.flightplan.plan;

/**
 * How much may go wrong before the fleet stops starting migrations. {@code maxRollbacks} and {@code
 * maxFailures} are how many rolled-back or failed systems the fleet tolerates (the next one spends
 * the budget); {@code minSuccessRate} is the lowest share of finished systems that migrated
 * (skipped systems do not count). {@code onSpent}: {@code halt} (default) waits for a human to
 * resume or abort; {@code rollbackWave} aborts the wave's running migrations and reverts its
 * completed ones, newest first, with the fleet's rollback template.
 */
public record FailureBudget(
    Integer maxRollbacks, Double minSuccessRate, Integer maxFailures, String onSpent) {

  public static final String HALT = "halt";
  public static final String ROLLBACK_WAVE = "rollbackWave";
  public static final FailureBudget NONE = new FailureBudget(null, null, null, null);

  public boolean rollsBackWave() {
    return ROLLBACK_WAVE.equals(onSpent);
  }

  /**
   * Why the budget is spent given the fleet's counts so far, or null while it holds. Successes
   * never spend it, so callers check after a rollback or failure.
   */
  public String spentReason(int migrated, int rolledBack, int failed) {
    if (maxRollbacks != null && rolledBack > maxRollbacks) {
      return rolledBack + " rollbacks, budget allows " + maxRollbacks;
    }
    if (maxFailures != null && failed > maxFailures) {
      return failed + " failed migrations, budget allows " + maxFailures;
    }
    int finished = migrated + rolledBack + failed;
    if (minSuccessRate != null && finished > 0) {
      double rate = (double) migrated / finished;
      if (rate < minSuccessRate) {
        return String.format(
            java.util.Locale.ROOT,
            "success rate %.0f%% (%d of %d) below the minimum %.0f%%",
            rate * 100,
            migrated,
            finished,
            minSuccessRate * 100);
      }
    }
    return null;
  }
}
