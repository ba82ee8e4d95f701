package dev.flightplan.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "list",
    description =
        "Lists running migrations with their state, phase, step and weight, then recently ended"
            + " ones; with --fleet, only that fleet's.")
class ListCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Option(
      names = "--since",
      paramLabel = "DURATION",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description =
          "also list migrations started this long ago that have ended (default: ${DEFAULT-VALUE})")
  Duration since;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "at most this many ended migrations (default: ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--fleet",
      paramLabel = "NAME",
      description = "only the migrations this fleet started (its systems, NAME/SYSTEM)")
  String fleet;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalSession session = cli.connect()) {
      Migrations migrations = new Migrations(session, cli.context().queryTimeout());
      MigrationLister lister = new MigrationLister(migrations, session);
      List<MigrationLister.Row> rows =
          fleet == null
              ? lister.list(cli.context().clock().instant(), since, Math.max(0, limit))
              : lister.listFleet(fleet, cli.context().clock().instant(), since, Math.max(0, limit));
      if (output.json()) {
        out.println(Json.write(rows));
      } else if (rows.isEmpty()) {
        out.println(
            "no migrations"
                + (fleet == null ? "" : " of fleet " + fleet)
                + " running or recently ended in namespace "
                + session.namespace());
      } else {
        String format = "%-32s %-18s %-16s %-22s %6s  %s";
        out.println(
            String.format(
                Locale.ROOT, format, "MIGRATION", "STATE", "PHASE", "STEP", "WEIGHT", "STARTED"));
        for (MigrationLister.Row row : rows) {
          out.println(
              String.format(
                  Locale.ROOT,
                  format,
                  row.migration(),
                  row.state(),
                  dash(row.phase()),
                  dash(row.step()),
                  row.weight() == null ? "-" : row.weight() + "%",
                  row.started()));
        }
        if (rows.stream().anyMatch(row -> row.state().endsWith("?"))) {
          out.println(
              "?: no worker answered the status query; state as last recorded in the search"
                  + " attributes");
        }
      }
    }
    return ExitCodes.OK;
  }

  private static String dash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }
}
