package dev.flightplan.fleet;

/** Where one system of a fleet is. */
public enum SystemState {
  /** Not started yet. */
  PENDING,
  /** Its migration is running (it may itself wait for an approval or a human). */
  RUNNING,
  /** Migrated. */
  COMPLETED,
  /** Its migration failed a gate or a step and rolled back by itself. */
  ROLLED_BACK,
  /** Its migration was aborted (by the fleet or a person) and rolled back. */
  ABORTED,
  /** Its migration failed without a clean rollback, or could not be started. */
  FAILED,
  /** Not started because a system it depends on did not migrate. */
  SKIPPED,
  /** Migrated, and now being reverted by a wave rollback. */
  REVERTING,
  /** Migrated, then reverted by a wave rollback. */
  REVERTED,
  /** Migrated; a wave rollback tried to revert it and could not, so it stays migrated. */
  REVERT_FAILED;

  /** No child of the fleet works on it now, and none will unless a wave rollback reverts it. */
  public boolean isSettled() {
    return this != PENDING && this != RUNNING && this != REVERTING;
  }

  /** The system runs the new version. */
  public boolean isMigrated() {
    return this == COMPLETED || this == REVERTING || this == REVERT_FAILED;
  }
}
