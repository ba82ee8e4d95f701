package dev.flightplan.migration;

/** Tells a person what the migration waits for and the exact command that moves it on. */
final class NextAction {
  private NextAction() {}

  static String describe(String migration, MigrationState state, PendingDecision pending, boolean pauseRequested) {
    return switch (state) {
      case WAITING_APPROVAL -> {
        if (pending == null) {
          yield "waiting for a decision";
        }
        String who = pending.allowed() == null || pending.allowed().isEmpty()
            ? "anyone"
            : String.join(", ", pending.allowed());
        yield "approve with `flightplan approve " + migration + " --by <you>` (" + pending.stillNeeded()
            + " more approval(s) needed from " + who + ") or reject with `flightplan reject " + migration
            + " --by <you> --reason <why>`";
      }
      case PAUSED -> "paused: `flightplan resume " + migration + " --by <you>` continues";
      case NEEDS_ATTENTION -> "a person must choose: `flightplan retry|skip|abort " + migration + " --by <you>`";
      case ROLLING_BACK -> "rolling back: nothing to do unless an undo fails";
      case RUNNING -> pauseRequested
          ? "pausing before the next step: `flightplan resume " + migration + " --by <you>` cancels the pause"
          : "running: nothing to do; `flightplan abort " + migration + " --by <you>` stops and rolls back";
      case COMPLETED -> "completed: nothing to do";
      case ROLLED_BACK -> "rolled back: read the timeline for the cause, fix it, then start the plan again";
      case ABORTED -> "aborted: read the timeline for what was and was not undone";
    };
  }
}
