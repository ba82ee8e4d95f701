package dev.flightplan.cli;

import static dev.flightplan.cli.StatusText.label;
import static dev.flightplan.cli.StatusText.orDash;

import dev.flightplan.fleet.FleetKpis;
import dev.flightplan.fleet.FleetStatus;
import dev.flightplan.migration.PendingDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a fleet's status for a person: its KPIs, what it waits for, and a table per wave (system,
 * state, weight, duration). Waves that have not started are summarised in one line.
 */
final class FleetStatusView {

  private static final String ROW = "    %-36s %-14s %6s  %s";

  private FleetStatusView() {}

  /** What {@code --output json} prints: the status (live weights filled in) and the KPIs. */
  record Report(FleetStatus status, FleetKpis kpis) {}

  static List<String> render(FleetStatus status, FleetKpis kpis) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "fleet "
            + status.fleet()
            + "  "
            + status.state()
            + (status.currentWave() == null
                ? ""
                : "  wave "
                    + status.waveNumber()
                    + "/"
                    + status.totalWaves()
                    + ": "
                    + status.currentWave())
            + (status.paused() ? "  (paused)" : ""));
    if (kpis != null) {
      lines.addAll(kpiLines(kpis));
    }
    boolean budgetPending = status.pending() != null && "budget".equals(status.pending().kind());
    if (status.haltReason() != null && !budgetPending) {
      lines.add(label("halted") + "failure budget spent: " + status.haltReason());
    }
    if (status.pending() != null) {
      lines.addAll(pending(status.pending()));
    }
    if (status.nextAction() != null && !status.nextAction().isBlank()) {
      lines.add(label("next") + status.nextAction());
    }
    List<FleetStatus.WaveStatus> waves = status.waves() == null ? List.of() : status.waves();
    for (int w = 0; w < waves.size(); w++) {
      lines.addAll(wave(w + 1, waves.size(), waves.get(w)));
    }
    lines.addAll(StatusText.timeline(status.timeline(), 12));
    return lines;
  }

  private static List<String> kpiLines(FleetKpis kpis) {
    List<String> lines = new ArrayList<>();
    lines.add(
        label("systems")
            + kpis.migrated()
            + "/"
            + kpis.systemsTotal()
            + " migrated"
            + count(kpis.inProgress(), "running")
            + count(kpis.rolledBack(), "rolled back")
            + count(kpis.failed(), "failed")
            + count(kpis.skipped(), "skipped")
            + count(kpis.reverted(), "reverted")
            + count(kpis.pending(), "not started"));
    lines.add(
        label("rate")
            + number(kpis.migrationRatePerDay())
            + " systems/day over "
            + StatusView.human(Duration.ofMillis(Math.round(kpis.elapsedDays() * 86_400_000d)))
            + "; mean migration time "
            + (kpis.meanMigrationTimeHours() > 0
                ? StatusView.human(
                    Duration.ofMillis(Math.round(kpis.meanMigrationTimeHours() * 3_600_000d)))
                : "-"));
    lines.add(
        label("score")
            + "success score "
            + number(kpis.successScore())
            + ", success rate "
            + String.format(Locale.ROOT, "%.0f%%", kpis.successRate() * 100)
            + ", "
            + kpis.rolledBack()
            + " rollback"
            + (kpis.rolledBack() == 1 ? "" : "s")
            + ", "
            + kpis.failed()
            + " failed");
    return lines;
  }

  private static List<String> pending(PendingDecision pending) {
    List<String> lines = new ArrayList<>();
    String kind = pending.kind() == null ? "decision" : pending.kind();
    lines.add(
        label("waiting")
            + kind
            + (pending.message() == null ? "" : ": \"" + pending.message() + "\""));
    List<String> allowed = pending.allowed() == null ? List.of() : pending.allowed();
    lines.add(
        label("")
            + ("gate".equals(kind) ? "approve" : "resume or abort")
            + " from "
            + (allowed.isEmpty() ? "anyone" : String.join(", ", allowed)));
    return lines;
  }

  private static List<String> wave(int number, int total, FleetStatus.WaveStatus wave) {
    List<String> lines = new ArrayList<>();
    List<FleetStatus.SystemRow> rows = wave.systems() == null ? List.of() : wave.systems();
    String heading =
        "wave "
            + number
            + "/"
            + total
            + " "
            + wave.wave()
            + "  "
            + wave.state()
            + "  (maxParallel "
            + wave.maxParallel()
            + ")";
    if ("PENDING".equals(wave.state())) {
      lines.add(
          heading + ": " + rows.size() + " system" + (rows.size() == 1 ? "" : "s") + " to go");
      return lines;
    }
    lines.add(heading);
    lines.add(String.format(Locale.ROOT, ROW, "SYSTEM", "STATE", "WEIGHT", "DURATION"));
    for (FleetStatus.SystemRow row : rows) {
      lines.add(
          String.format(
              Locale.ROOT,
              ROW,
              row.system(),
              row.state(),
              weight(row),
              row.durationMillis() == null
                  ? "-"
                  : StatusView.human(Duration.ofMillis(row.durationMillis()))));
    }
    return lines;
  }

  /** A running system whose migration did not answer shows {@code ?}: the fleet cannot know. */
  private static String weight(FleetStatus.SystemRow row) {
    if (row.weight() != null) {
      return row.weight() + "%";
    }
    return row.workflowId() != null && row.state() != null && !row.state().isSettled() ? "?" : "-";
  }

  private static String count(int count, String what) {
    return count == 0 ? "" : ", " + count + " " + what;
  }

  private static String number(double value) {
    String text = String.format(Locale.ROOT, "%.2f", value);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }
}
