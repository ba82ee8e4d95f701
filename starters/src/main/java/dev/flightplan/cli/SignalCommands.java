package dev.flightplan.cli;

import picocli.CommandLine.Command;

/** One command per signal; all behave alike (see {@link SignalCommand}). */
final class SignalCommands {

  private SignalCommands() {}

  @Command(
      name = "approve",
      description =
          "Approves what the migration waits for (an approval step, or an inconclusive analysis).")
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
              + " seconds.")
  static class Abort extends SignalCommand {
    Abort() {
      super(Signal.ABORT);
    }
  }

  @Command(name = "pause", description = "Holds the migration before its next step.")
  static class Pause extends SignalCommand {
    Pause() {
      super(Signal.PAUSE);
    }
  }

  @Command(name = "resume", description = "Continues a paused migration.")
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
