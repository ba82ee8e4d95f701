package dev.flightplan.migration;

/** Where a migration is; the last four are final (NEEDS_ATTENTION waits for a human and is not). */
public enum MigrationState {
  RUNNING,
  WAITING_APPROVAL,
  PAUSED,
  ROLLING_BACK,
  NEEDS_ATTENTION,
  COMPLETED,
  ROLLED_BACK,
  ABORTED;

  public boolean isFinal() {
    return this == COMPLETED || this == ROLLED_BACK || this == ABORTED;
  }
}
