package dev.flightplan.cli;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationWorkflow;
import java.util.function.BiConsumer;

/**
 * The signals a person can send a migration, each carrying {@code {by, reason}}. A fleet takes the
 * four whose names its FleetWorkflow shares: approve (its gate), abort, pause and resume.
 */
public enum Signal {
  APPROVE("approve", true, MigrationWorkflow::approve),
  REJECT("reject", false, MigrationWorkflow::reject),
  ABORT("abort", true, MigrationWorkflow::abort),
  PAUSE("pause", true, MigrationWorkflow::pause),
  RESUME("resume", true, MigrationWorkflow::resume),
  RETRY("retry", false, MigrationWorkflow::retry),
  SKIP("skip", false, MigrationWorkflow::skip);

  private final String signalName;
  private final boolean fleetTakesIt;
  private final BiConsumer<MigrationWorkflow, Decision> send;

  Signal(String signalName, boolean fleetTakesIt, BiConsumer<MigrationWorkflow, Decision> send) {
    this.signalName = signalName;
    this.fleetTakesIt = fleetTakesIt;
    this.send = send;
  }

  public String signalName() {
    return signalName;
  }

  /** Whether a FleetWorkflow has a signal of this name. */
  public boolean fleetTakesIt() {
    return fleetTakesIt;
  }

  void sendTo(MigrationWorkflow migration, Decision decision) {
    send.accept(migration, decision);
  }
}
