package dev.flightplan.cli;

import dev.flightplan.migration.MigrationStatus;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = {
      "Shows a migration's state and what it waits for.",
      "Phase, step, traffic weight, the pending decision and who may take it, the last verdicts,"
          + " what comes next",
      "and the latest timeline entries."
    })
class StatusCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Parameters(
      paramLabel = "MIGRATION",
      description = "the migration's name (its plan's metadata.name)")
  String migration;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalSession session = cli.connect()) {
      Migrations migrations = new Migrations(session, cli.context().queryTimeout());
      MigrationStatus status;
      try {
        status = migrations.status(migration);
      } catch (CliFailure noAnswer) {
        if (noAnswer.exitCode() == ExitCodes.NOT_FOUND) {
          throw noAnswer;
        }
        // An ended migration needs a worker to answer queries; how it ended is known without one.
        Optional<String> ended = migrations.ended(migration);
        if (ended.isEmpty()) {
          throw noAnswer;
        }
        out.println(
            output.json()
                ? Json.write(java.util.Map.of("migration", migration, "state", ended.get()))
                : "migration "
                    + migration
                    + " has ended: "
                    + ended.get()
                    + " (no worker answered the status query, so no details)");
        return ExitCodes.OK;
      }
      if (output.json()) {
        out.println(Json.write(status));
      } else {
        StatusView.render(status, cli.context().clock().instant()).forEach(out::println);
      }
    }
    return ExitCodes.OK;
  }
}
