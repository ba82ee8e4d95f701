package dev.flightplan.cli;

import picocli.CommandLine.Command;

/**
 * One command per signal; all behave alike (see {@link SignalCommand}). A fleet takes approve,
 * abort, pause and resume.
 */
final class SignalCommands {

  private SignalCommands() {}

  @Command(
      name = "approve",
      description =
          "Approves what the migration waits for (an approval step, or an inconclusive analysis),"
              + " or the gate a fleet waits at between waves.")
  static class Approve extends SignalCommand {
    Approve() {
      super(Signal.APPROVE);
    }
  }

  @Command(name = "reject", description = "Rejects what the migration waits for: it rolls back.")
  static class Reject extends SignalCommand {
    Reject() {
      super(Signal.REJECT);
    }
  }

  @Command(
      name = "abort",
      description =
          "Stops the migration and rolls back everything it changed, interrupting any wait within"
              + " seconds. A fleet aborts its running migrations and starts no more.")
  static class Abort extends SignalCommand {
    Abort() {
      super(Signal.ABORT);
    }
  }

  @Command(
      name = "pause",
      description =
          "Holds the migration before its next step; a fleet starts no more migrations (running"
              + " ones go on).")
  static class Pause extends SignalCommand {
    Pause() {
      super(Signal.PAUSE);
    }
  }

  @Command(
      name = "resume",
      description =
          "Continues a paused migration, or a paused fleet or one halted by its failure budget.")
  static class Resume extends SignalCommand {
    Resume() {
      super(Signal.RESUME);
    }
  }

  @Command(name = "retry", description = "Runs the failed step again (state NEEDS_ATTENTION).")
  static class Retry extends SignalCommand {
    Retry() {
      super(Signal.RETRY);
    }
  }

  @Command(
      name = "skip",
      description = "Moves past the failed step without running it (state NEEDS_ATTENTION).")
  static class Skip extends SignalCommand {
    Skip() {
      super(Signal.SKIP);
    }
  }
}
