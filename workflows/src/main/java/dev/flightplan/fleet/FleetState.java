package dev.flightplan.fleet;

/** Where a fleet is. The last three are final. */
public enum FleetState {
  /** Migrating the current wave's systems. */
  RUNNING,
  /** A person paused it: no new migration starts, running ones go on. */
  PAUSED,
  /** The failure budget is spent: no new migration starts until someone resumes or aborts. */
  HALTED,
  /** A wave finished and the fleet waits its soak time before the next. */
  SOAKING,
  /** A wave's gate waits for an approval. */
  WAITING_APPROVAL,
  /**
   * The failure budget is spent and the plan says {@code rollbackWave}: reverting the wave's
   * systems.
   */
  ROLLING_BACK,
  /** Abort requested: running migrations are rolling back. */
  ABORTING,
  COMPLETED,
  ROLLED_BACK,
  ABORTED;

  public boolean isFinal() {
    return this == COMPLETED || this == ROLLED_BACK || this == ABORTED;
  }
}
