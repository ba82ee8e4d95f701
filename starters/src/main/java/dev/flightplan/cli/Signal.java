package dev.flightplan.cli;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationWorkflow;
import java.util.function.BiConsumer;

/** The signals a person can send a migration, each carrying {@code {by, reason}}. */
public enum Signal {
  APPROVE("approve", MigrationWorkflow::approve),
  REJECT("reject", MigrationWorkflow::reject),
  ABORT("abort", MigrationWorkflow::abort),
  PAUSE("pause", MigrationWorkflow::pause),
  RESUME("resume", MigrationWorkflow::resume),
  RETRY("retry", MigrationWorkflow::retry),
  SKIP("skip", MigrationWorkflow::skip);

  private final String signalName;
  private final BiConsumer<MigrationWorkflow, Decision> send;

  Signal(String signalName, BiConsumer<MigrationWorkflow, Decision> send) {
    this.signalName = signalName;
    this.send = send;
  }

  public String signalName() {
    return signalName;
  }

  void sendTo(MigrationWorkflow migration, Decision decision) {
    send.accept(migration, decision);
  }
}
