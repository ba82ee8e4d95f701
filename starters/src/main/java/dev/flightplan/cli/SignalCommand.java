package dev.flightplan.cli;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.TimelineEntry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Sends one signal and then confirms, through the {@code status} query, that the migration counted
 * it: Temporal accepts any signal to a running workflow, so only the migration's timeline says
 * whether it was taken or refused.
 */
abstract class SignalCommand implements Callable<Integer> {

  private static final Duration POLL_EVERY = Duration.ofMillis(200);

  /**
   * Reading the timeline before sending must not hold the signal back long when no worker answers.
   */
  private static final Duration BEFORE_QUERY_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration MIN_QUERY_TIMEOUT = Duration.ofMillis(500);

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MIGRATION", description = "the migration's name")
  String migration;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description =
          "who decides (default: $FLIGHTPLAN_USER, else $USER); checked against the plan's"
              + " approvers")
  String by;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "why, recorded in the migration's timeline")
  String reason;

  @Option(
      names = "--confirm-timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      hidden = true,
      converter = DurationConverter.class,
      description = "how long to wait for the migration to record the signal")
  Duration confirmTimeout;

  private final Signal signal;

  SignalCommand(Signal signal) {
    this.signal = signal;
  }

  @Override
  public Integer call() throws InterruptedException {
    String actor =
        cli.actor(by)
            .orElseThrow(
                () ->
                    new CliFailure(
                        ExitCodes.USAGE,
                        "--by is required: name who decides, or set FLIGHTPLAN_USER"));
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalSession session = cli.connect()) {
      Migrations migrations = new Migrations(session, cli.context().queryTimeout());
      List<TimelineEntry> before = timelineBefore(migrations);
      long sentAt = cli.context().clock().millis();
      migrations.signal(migration, signal, new Decision(actor, reason));
      long deadline = System.nanoTime() + confirmTimeout.toNanos();
      MigrationStatus last = null;
      do {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Optional<MigrationStatus> status =
            statusIfAnswered(
                migrations, shorter(migrations.queryTimeout(), atLeast(MIN_QUERY_TIMEOUT, left)));
        if (status.isPresent()) {
          last = status.get();
          Optional<SignalConfirmation.Outcome> outcome =
              SignalConfirmation.find(before, last.timeline(), actor, sentAt);
          if (outcome.isPresent()) {
            return report(outcome.get(), last, out);
          }
        }
        Thread.sleep(POLL_EVERY.toMillis());
      } while (System.nanoTime() < deadline);
      out.println(
          "sent "
              + signal.signalName()
              + " from "
              + actor
              + " to "
              + migration
              + ", but it has not recorded it within "
              + StatusView.human(confirmTimeout)
              + (last == null
                  ? " (no worker answered the status query: is `flightplan worker` running?)"
                  : " (state " + last.state() + ")")
              + ": check `flightplan status "
              + migration
              + "`");
      return ExitCodes.FAILED;
    }
  }

  private int report(SignalConfirmation.Outcome outcome, MigrationStatus status, PrintWriter out) {
    String what = signal.signalName() + " from " + outcome.entry().by();
    String detail = outcome.entry().text() == null ? "" : ": " + outcome.entry().text();
    String now =
        " (now "
            + status.state()
            + (status.phase() == null ? "" : ", phase " + status.phase())
            + ")";
    if (outcome.accepted()) {
      out.println(migration + " accepted " + what + detail + now);
      return ExitCodes.OK;
    }
    out.println(migration + " refused " + what + detail + now);
    return ExitCodes.REFUSED;
  }

  /**
   * The timeline before sending, so our entry is told apart from older ones; unknown migrations
   * stop here.
   */
  private List<TimelineEntry> timelineBefore(Migrations migrations) {
    return statusIfAnswered(migrations, shorter(BEFORE_QUERY_TIMEOUT, migrations.queryTimeout()))
        .map(MigrationStatus::timeline)
        .orElse(null);
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration atLeast(Duration floor, Duration value) {
    return value.compareTo(floor) < 0 ? floor : value;
  }

  private Optional<MigrationStatus> statusIfAnswered(Migrations migrations, Duration timeout) {
    try {
      return Optional.of(migrations.status(migration, timeout));
    } catch (CliFailure failure) {
      if (failure.exitCode() == ExitCodes.NOT_FOUND) {
        throw failure;
      }
      return Optional.empty();
    }
  }
}
