package dev.flightplan.cli;

import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "watch",
    description = {
      "Shows a migration's status again every second until it ends.",
      "Exits 0 when it completed, 1 when it was rolled back, aborted or failed."
    })
class WatchCommand implements Callable<Integer> {

  private static final String CLEAR_SCREEN = "\033[H\033[2J";
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MIGRATION", description = "the migration's name")
  String migration;

  @Option(
      names = "--interval",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "how often to refresh (default: ${DEFAULT-VALUE})")
  Duration interval;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    boolean redraw = System.console() != null;
    List<String> shown = List.of();
    try (TemporalSession session = cli.connect()) {
      Migrations migrations = new Migrations(session, cli.context().queryTimeout());
      if (migrations.workflowType(migration).filter(Fleets::isFleet).isPresent()) {
        throw new CliFailure(
            ExitCodes.USAGE,
            migration
                + " is a fleet: `flightplan status "
                + migration
                + "` shows its waves; watch follows one of its migrations, e.g. `flightplan watch "
                + migration
                + "/<system>`");
      }
      while (true) {
        Optional<MigrationStatus> status = poll(migrations);
        if (status.isEmpty()) {
          Optional<String> ended = migrations.ended(migration);
          if (ended.isPresent()) {
            out.println("migration " + migration + " has ended: " + ended.get());
            out.flush();
            return MigrationState.COMPLETED.name().equals(ended.get())
                ? ExitCodes.OK
                : ExitCodes.FAILED;
          }
        }
        List<String> lines =
            status
                .map(s -> StatusView.render(s, cli.context().clock().instant()))
                .orElse(
                    List.of(
                        "migration "
                            + migration
                            + ": no worker answered the status query;"
                            + " is `flightplan worker` running? (retrying)"));
        if (redraw) {
          out.print(CLEAR_SCREEN);
          out.println(
              "watching "
                  + migration
                  + " at "
                  + CLOCK.format(cli.context().clock().instant())
                  + " UTC (Ctrl-C stops watching,"
                  + " not the migration)");
          lines.forEach(out::println);
        } else if (!lines.equals(shown)) {
          if (!shown.isEmpty()) {
            out.println();
          }
          lines.forEach(out::println);
        }
        out.flush();
        shown = lines;
        if (status.isPresent() && status.get().state() != null && status.get().state().isFinal()) {
          return status.get().state() == MigrationState.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
        }
        Thread.sleep(interval.toMillis());
      }
    }
  }

  /**
   * The status, or empty when no worker answered (a worker restarting is no reason to stop
   * watching).
   */
  private Optional<MigrationStatus> poll(Migrations migrations) {
    try {
      return Optional.of(migrations.status(migration));
    } catch (CliFailure failure) {
      if (failure.exitCode() == ExitCodes.NOT_FOUND) {
        throw failure;
      }
      return Optional.empty();
    }
  }
}
