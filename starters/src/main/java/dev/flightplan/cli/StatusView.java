package dev.flightplan.cli;

import static dev.flightplan.cli.StatusText.label;
import static dev.flightplan.cli.StatusText.orDash;

import dev.flightplan.analysis.Figure;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.PendingDecision;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a migration's status for a person: where it is, what it waits for, and what happened
 * last.
 */
final class StatusView {

  static final int VERDICTS = 3;

  private StatusView() {}

  static List<String> render(MigrationStatus status, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add("migration " + status.migration() + "  " + status.state());
    lines.add(label("phase") + orDash(status.phase()) + stepText(status));
    lines.add(label("weight") + status.weight() + "% of traffic on the new version");
    if (status.pending() != null) {
      lines.addAll(pending(status.pending(), now));
    }
    List<Verdict> verdicts = status.verdicts() == null ? List.of() : status.verdicts();
    if (!verdicts.isEmpty()) {
      List<Verdict> last =
          verdicts.subList(Math.max(0, verdicts.size() - VERDICTS), verdicts.size());
      for (int i = 0; i < last.size(); i++) {
        lines.add((i == 0 ? label("verdicts") : label("")) + verdict(last.get(i)));
        lines.addAll(figures(last.get(i)));
      }
    }
    if (status.undoStack() != null && !status.undoStack().isEmpty()) {
      lines.add(
          label("undo")
              + status.undoStack().size()
              + " change(s) to undo on rollback, newest: "
              + status.undoStack().get(status.undoStack().size() - 1));
    }
    if (status.pastPointOfNoReturn()) {
      lines.add(
          label("note")
              + "past the point of no return: a failure now waits for a person instead of rolling"
              + " back");
    }
    if (status.nextAction() != null && !status.nextAction().isBlank()) {
      lines.add(label("next") + status.nextAction());
    }
    lines.addAll(StatusText.timeline(status.timeline(), 16));
    return lines;
  }

  private static String stepText(MigrationStatus status) {
    if (status.totalSteps() <= 0) {
      return "";
    }
    return ", step "
        + status.stepNumber()
        + "/"
        + status.totalSteps()
        + (status.step() == null || status.step().isBlank() ? "" : ": " + status.step());
  }

  private static List<String> pending(PendingDecision pending, Instant now) {
    List<String> lines = new ArrayList<>();
    String kind = pending.kind() == null ? "decision" : pending.kind();
    lines.add(
        label("waiting")
            + kind
            + (pending.message() == null ? "" : ": \"" + pending.message() + "\""));
    List<String> approvedBy = pending.approvedBy() == null ? List.of() : pending.approvedBy();
    List<String> allowed = pending.allowed() == null ? List.of() : pending.allowed();
    if ("approval".equals(kind) || "inconclusive".equals(kind)) {
      int needed = Math.max(0, pending.minApprovals() - approvedBy.size());
      lines.add(
          label("")
              + "needs "
              + needed
              + " more approval"
              + (needed == 1 ? "" : "s")
              + " ("
              + Math.max(1, pending.minApprovals())
              + " required"
              + (approvedBy.isEmpty() ? "" : "; approved by " + String.join(", ", approvedBy))
              + ")"
              + " from "
              + (allowed.isEmpty() ? "anyone" : String.join(", ", allowed)));
    } else if (!allowed.isEmpty()) {
      lines.add(label("") + "who may decide: " + String.join(", ", allowed));
    }
    if (pending.deadlineMillis() != null) {
      Instant deadline = Instant.ofEpochMilli(pending.deadlineMillis());
      Duration left = Duration.between(now, deadline);
      lines.add(
          label("")
              + "deadline "
              + StatusText.TIME.format(deadline)
              + " UTC ("
              + (left.isNegative()
                  ? "passed " + human(left.negated()) + " ago"
                  : "in " + human(left))
              + ")"
              + (pending.onTimeout() == null ? "" : ", then " + pending.onTimeout()));
    }
    return lines;
  }

  private static String verdict(Verdict verdict) {
    String outcome = verdict.outcome() == null ? "?" : verdict.outcome().name();
    String reason = verdict.reason();
    if (reason == null && verdict.trigger() != null) {
      reason =
          verdict.trigger()
              + (verdict.value() == null ? "" : ": measured " + Verdict.format(verdict.value()))
              + (verdict.threshold() == null ? "" : ", limit " + verdict.threshold());
    }
    return String.format(Locale.ROOT, "%-12s %s", outcome, reason == null ? "" : reason);
  }

  /** A parallel run's compared figures (new and stable values, limit), one per line under its verdict. */
  private static List<String> figures(Verdict verdict) {
    List<Figure> figures = verdict.figures() == null ? List.of() : verdict.figures();
    return figures.stream().map(figure -> label("") + " ".repeat(13) + "· " + figure.describe()).toList();
  }

  /**
   * {@code 3d 4h}, {@code 2h 5m}, {@code 4m 10s}, {@code 12s}, {@code 600ms}: two units are enough
   * to act on.
   */
  static String human(Duration duration) {
    long seconds = duration.toSeconds();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    long secs = seconds % 60;
    if (days > 0) {
      return days + "d " + hours + "h";
    }
    if (hours > 0) {
      return hours + "h " + minutes + "m";
    }
    if (minutes > 0) {
      return minutes + "m " + secs + "s";
    }
    return secs > 0 ? secs + "s" : duration.toMillis() + "ms";
  }
}
