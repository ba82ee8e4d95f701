package dev.flightplan.cli;

import dev.flightplan.fleet.FleetKpis;
import dev.flightplan.fleet.FleetStatus;
import dev.flightplan.migration.MigrationStatus;
import java.io.PrintWriter;
import java.util.Map;
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
      "Shows a migration's or a fleet's state and what it waits for.",
      "A migration: phase, step, traffic weight, the pending decision and who may take it, the"
          + " last verdicts,",
      "what comes next and the latest timeline entries. A fleet: its KPIs, what it waits for, and"
          + " per wave",
      "each system's state, weight and duration."
    })
class StatusCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Parameters(
      paramLabel = "NAME",
      description = "the migration's or fleet's name (its plan's metadata.name)")
  String migration;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalSession session = cli.connect()) {
      Migrations migrations = new Migrations(session, cli.context().queryTimeout());
      String type =
          migrations.workflowType(migration).orElseThrow(() -> migrations.notFound(migration));
      if (Fleets.isFleet(type)) {
        return fleetStatus(new Fleets(migrations, session), out);
      }
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
        printEnded("migration", ended.get(), out);
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

  private int fleetStatus(Fleets fleets, PrintWriter out) {
    FleetStatus status;
    FleetKpis kpis;
    try {
      status = fleets.status(migration, cli.context().queryTimeout());
      kpis = fleets.kpis(migration, cli.context().queryTimeout());
    } catch (CliFailure noAnswer) {
      if (noAnswer.exitCode() == ExitCodes.NOT_FOUND) {
        throw noAnswer;
      }
      Optional<String> ended = fleets.ended(migration);
      if (ended.isEmpty()) {
        throw noAnswer;
      }
      printEnded("fleet", ended.get(), out);
      return ExitCodes.OK;
    }
    status = fleets.withLiveWeights(status);
    if (output.json()) {
      out.println(Json.write(new FleetStatusView.Report(status, kpis)));
    } else {
      FleetStatusView.render(status, kpis).forEach(out::println);
    }
    return ExitCodes.OK;
  }

  private void printEnded(String noun, String state, PrintWriter out) {
    out.println(
        output.json()
            ? Json.write(Map.of(noun, migration, "state", state))
            : noun
                + " "
                + migration
                + " has ended: "
                + state
                + " (no worker answered the status query, so no details)");
  }
}
