package dev.flightplan.cli;

import dev.flightplan.fleet.FleetStatus;
import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.TimelineEntry;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Sends one signal to a migration or a fleet and then confirms, through its {@code status} query,
 * that it counted it: Temporal accepts any signal to a running workflow, so only the workflow's
 * timeline says whether it was taken or refused.
 */
abstract class SignalCommand implements Callable<Integer> {

  private static final Duration POLL_MIGRATION_EVERY = Duration.ofMillis(200);

  /**
   * Fleets are asked less often: a fleet's status is larger, and a query that meets a fleet's
   * continue-as-new in flight is best kept rare.
   */
  private static final Duration POLL_FLEET_EVERY = Duration.ofMillis(500);

  /**
   * Reading the timeline before sending must not hold the signal back long when no worker answers.
   */
  private static final Duration BEFORE_QUERY_TIMEOUT = Duration.ofSeconds(5);

  private static final Duration MIN_QUERY_TIMEOUT = Duration.ofMillis(500);

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  /**
   * What {@code --output json} prints: {@code outcome} is {@code accepted}, {@code refused} or {@code unconfirmed}
   * (sent, but not recorded in time); {@code detail} is the timeline's text; {@code state} may be null when no worker
   * answered.
   */
  record SignalReport(
      String name, String signal, String by, String outcome, String detail, String state, String where) {}

  @Parameters(
      paramLabel = "NAME",
      description = "the migration's or the fleet's name (a fleet's systems: FLEET/SYSTEM)")
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

  /** What the workflow's status says, as far as confirming a signal goes. */
  private record Snapshot(String state, String where, List<TimelineEntry> timeline) {}

  /** A migration or a fleet: how to read its status and send it the signal. */
  private interface Target {
    /** The status, or empty when no worker answered in time; throws for an unknown name. */
    Optional<Snapshot> read(Duration timeout);

    void send(Decision decision);

    Duration pollEvery();
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
      String type =
          migrations.workflowType(migration).orElseThrow(() -> migrations.notFound(migration));
      Target target =
          Fleets.isFleet(type) ? fleet(new Fleets(migrations, session)) : migration(migrations);
      List<TimelineEntry> before =
          target
              .read(shorter(BEFORE_QUERY_TIMEOUT, migrations.queryTimeout()))
              .map(Snapshot::timeline)
              .orElse(null);
      long sentAt = cli.context().clock().millis();
      target.send(new Decision(actor, reason));
      long deadline = System.nanoTime() + confirmTimeout.toNanos();
      Snapshot last = null;
      do {
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        Optional<Snapshot> status =
            target.read(shorter(migrations.queryTimeout(), atLeast(MIN_QUERY_TIMEOUT, left)));
        if (status.isPresent()) {
          last = status.get();
          Optional<SignalConfirmation.Outcome> outcome =
              SignalConfirmation.find(before, last.timeline(), actor, sentAt);
          if (outcome.isPresent()) {
            return report(outcome.get(), last, out);
          }
        }
        Thread.sleep(target.pollEvery().toMillis());
      } while (System.nanoTime() < deadline);
      if (output.json()) {
        printJson(out, actor, "unconfirmed", "not recorded within " + StatusView.human(confirmTimeout), last);
        return ExitCodes.FAILED;
      }
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

  private Target migration(Migrations migrations) {
    return new Target() {
      @Override
      public Optional<Snapshot> read(Duration timeout) {
        return answered(
            () -> {
              MigrationStatus status = migrations.status(migration, timeout);
              return new Snapshot(
                  String.valueOf(status.state()),
                  status.phase() == null ? null : "phase " + status.phase(),
                  status.timeline());
            });
      }

      @Override
      public void send(Decision decision) {
        migrations.signal(migration, signal, decision);
      }

      @Override
      public Duration pollEvery() {
        return POLL_MIGRATION_EVERY;
      }
    };
  }

  private Target fleet(Fleets fleets) {
    if (!signal.fleetTakesIt()) {
      // refused before anything is read or sent
      fleets.signal(migration, signal, null);
    }
    return new Target() {
      @Override
      public Optional<Snapshot> read(Duration timeout) {
        return answered(
            () -> {
              FleetStatus status = fleets.status(migration, timeout);
              return new Snapshot(
                  String.valueOf(status.state()),
                  status.currentWave() == null ? null : "wave " + status.currentWave(),
                  status.timeline());
            });
      }

      @Override
      public void send(Decision decision) {
        fleets.signal(migration, signal, decision);
      }

      @Override
      public Duration pollEvery() {
        return POLL_FLEET_EVERY;
      }
    };
  }

  private int report(SignalConfirmation.Outcome outcome, Snapshot status, PrintWriter out) {
    if (output.json()) {
      printJson(out, outcome.entry().by(), outcome.accepted() ? "accepted" : "refused", outcome.entry().text(), status);
      return outcome.accepted() ? ExitCodes.OK : ExitCodes.REFUSED;
    }
    String what = signal.signalName() + " from " + outcome.entry().by();
    String detail = outcome.entry().text() == null ? "" : ": " + outcome.entry().text();
    String now =
        " (now " + status.state() + (status.where() == null ? "" : ", " + status.where()) + ")";
    if (outcome.accepted()) {
      out.println(migration + " accepted " + what + detail + now);
      return ExitCodes.OK;
    }
    out.println(migration + " refused " + what + detail + now);
    return ExitCodes.REFUSED;
  }

  /** The {@code --output json} report; {@code status} is null when no worker answered. */
  private void printJson(PrintWriter out, String by, String outcome, String detail, Snapshot status) {
    out.println(
        Json.write(
            new SignalReport(
                migration,
                signal.signalName(),
                by,
                outcome,
                detail,
                status == null ? null : status.state(),
                status == null ? null : status.where())));
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Duration atLeast(Duration floor, Duration value) {
    return value.compareTo(floor) < 0 ? floor : value;
  }

  /** The status, or empty when no worker answered; an unknown name still ends the command. */
  private static Optional<Snapshot> answered(java.util.function.Supplier<Snapshot> query) {
    try {
      return Optional.of(query.get());
    } catch (CliFailure failure) {
      if (failure.exitCode() == ExitCodes.NOT_FOUND) {
        throw failure;
      }
      return Optional.empty();
    }
  }
}
