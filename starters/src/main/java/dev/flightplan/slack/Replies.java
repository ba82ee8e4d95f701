package dev.flightplan.slack;

import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.PendingDecision;
import dev.flightplan.migration.TimelineEntry;
import dev.flightplan.slack.MigrationDecisions.Accepted;
import dev.flightplan.slack.MigrationDecisions.AlreadyCounted;
import dev.flightplan.slack.MigrationDecisions.Ended;
import dev.flightplan.slack.MigrationDecisions.NoLongerPending;
import dev.flightplan.slack.MigrationDecisions.Outcome;
import dev.flightplan.slack.MigrationDecisions.Refused;
import dev.flightplan.slack.MigrationDecisions.UnknownMigration;
import dev.flightplan.slack.MigrationDecisions.Unconfirmed;
import dev.flightplan.slack.MigrationDecisions.Verb;
import java.time.Instant;
import java.util.List;

/**
 * What the bot tells a person privately, in Slack mrkdwn. Text from plans and the workflow is escaped, and so are
 * the bot's own angle brackets: Slack reads {@code <...>} as a link or mention.
 */
final class Replies {

  static final String USAGE =
      "Usage: `/flightplan status &lt;migration&gt;` · `/flightplan list` · "
          + "`/flightplan approve|reject|abort &lt;migration&gt; [reason]`";

  private static final int RECENT = 5;

  private Replies() {}

  static String unknownUser(String userId) {
    return "I cannot tell who you are in Flightplan, so nothing was sent. Ask whoever runs the Flightplan bot to add "
        + "your Slack user `" + escape(userId) + "` to its mapping file.";
  }

  /**
   * The reply to a decision; null when there is nothing to add (an accepted click: the approval message itself is
   * updated by the workflow's notification). {@code always} asks for a confirmation anyway (slash commands).
   */
  static String to(Verb verb, Outcome outcome, boolean always) {
    String m = "*" + escape(outcome.migration()) + "*";
    if (outcome instanceof Accepted accepted) {
      return accepted(verb, accepted, m, always);
    }
    if (outcome instanceof Refused refused) {
      return "Your " + verb.word() + " of " + m + " was not accepted: " + escape(refused.reason()) + ".";
    }
    if (outcome instanceof AlreadyCounted counted) {
      PendingDecision pending = counted.status().pending();
      String more =
          pending.stillNeeded() > 0 ? " " + pending.stillNeeded() + " more needed from someone else." : "";
      return "You already approved " + m + " (" + pending.approvedBy().size() + "/" + pending.minApprovals()
          + " counted); a second approval by the same person does not count." + more;
    }
    if (outcome instanceof UnknownMigration) {
      return "There is no migration named " + m + ". `/flightplan list` shows the running ones.";
    }
    if (outcome instanceof Ended ended) {
      if (ended.yours() != null) {
        return "You already " + did(ended.yours()) + " " + m + " (" + escape(ended.yours().text())
            + "), and it has since ended " + ended.state() + ". Nothing was sent.";
      }
      return m + " already ended " + ended.state() + ": there is nothing to " + verb.word() + ". Nothing was sent.";
    }
    if (outcome instanceof NoLongerPending stale) {
      String request = "this approval request of " + m + " (step " + stale.step() + ")";
      if (stale.yours() != null) {
        return "You already " + did(stale.yours()) + " " + request + ": " + escape(stale.yours().text())
            + ". Nothing more to do.";
      }
      if (stale.decision() != null) {
        return capitalize(request) + " was already decided: " + escape(stale.decision().text()) + ". Nothing was sent.";
      }
      MigrationStatus now = stale.status();
      return capitalize(request) + " is no longer waiting (now " + now.state() + ", step " + now.stepNumber() + "/"
          + now.totalSteps() + " " + escape(now.step()) + "). Nothing was sent.";
    }
    if (outcome instanceof Unconfirmed) {
      return "Your " + verb.word() + " of " + m + " was sent, but it did not show in the migration's timeline within a"
          + " few seconds: check `/flightplan status " + escape(outcome.migration()) + "`.";
    }
    throw new IllegalArgumentException("unexpected outcome " + outcome);
  }

  private static String accepted(Verb verb, Accepted accepted, String m, boolean always) {
    PendingDecision pending = accepted.status().pending();
    return switch (verb) {
      case APPROVE -> {
        if (pending != null && pending.stillNeeded() > 0 && pending.approvedBy() != null) {
          yield "Your approval of " + m + " counted (" + pending.approvedBy().size() + "/" + pending.minApprovals()
              + "): " + pending.stillNeeded() + " more needed from someone else.";
        }
        yield always ? "Approved " + m + ": " + escape(accepted.entry().text()) + "." : null;
      }
      case REJECT -> always ? "Rejected " + m + ": it rolls back what it did." : null;
      case ABORT -> "Abort of " + m + " requested: it stops and undoes what it did.";
    };
  }

  static String status(MigrationStatus s) {
    StringBuilder out = new StringBuilder();
    out.append('*').append(escape(s.migration())).append("* is ").append(s.state());
    out.append("\nphase ").append(escape(s.phase())).append(" · step ").append(s.stepNumber()).append('/')
        .append(s.totalSteps()).append(' ').append(escape(s.step())).append(" · weight ").append(s.weight())
        .append('%');
    PendingDecision pending = s.pending();
    if (pending != null) {
      out.append("\nWaiting for ").append(pending.kind()).append(": ").append(escape(pending.message()));
      if (pending.minApprovals() > 0) {
        int approved = pending.approvedBy() == null ? 0 : pending.approvedBy().size();
        out.append(" (").append(approved).append('/').append(pending.minApprovals())
            .append(" approvals");
        if (pending.allowed() != null && !pending.allowed().isEmpty()) {
          out.append(" from ").append(escape(String.join(", ", pending.allowed())));
        }
        out.append(')');
      }
      if (pending.deadlineMillis() != null) {
        Instant deadline = Instant.ofEpochMilli(pending.deadlineMillis());
        out.append("; times out <!date^").append(deadline.getEpochSecond())
            .append("^{date_short_pretty} {time}|").append(deadline).append('>');
        if (pending.onTimeout() != null) {
          out.append(", then ").append(escape(pending.onTimeout()));
        }
      }
    }
    if (s.verdicts() != null && !s.verdicts().isEmpty()) {
      var last = s.verdicts().get(s.verdicts().size() - 1);
      out.append("\nLatest verdict: ").append(last.outcome()).append(" — ").append(escape(last.reason()));
    }
    if (s.nextAction() != null && !s.nextAction().isBlank()) {
      out.append("\nNext: ").append(escape(s.nextAction()));
    }
    List<TimelineEntry> timeline = s.timeline() == null ? List.of() : s.timeline();
    if (!timeline.isEmpty()) {
      out.append("\nRecent:");
      for (TimelineEntry entry : timeline.subList(Math.max(0, timeline.size() - RECENT), timeline.size())) {
        out.append("\n• ").append(escape(entry.text()));
      }
    }
    return out.toString();
  }

  static String list(List<MigrationStatus> migrations) {
    if (migrations.isEmpty()) {
      return "No migration is running.";
    }
    StringBuilder out = new StringBuilder("Running migrations:");
    for (MigrationStatus s : migrations) {
      out.append("\n• *").append(escape(s.migration())).append("* ").append(s.state()).append(" · phase ")
          .append(escape(s.phase())).append(" · step ").append(s.stepNumber()).append('/').append(s.totalSteps())
          .append(" · weight ").append(s.weight()).append('%');
      if (s.pending() != null) {
        out.append(" · waiting for ").append(s.pending().kind());
      }
    }
    return out.toString();
  }

  private static String did(TimelineEntry decision) {
    return decision.kind().equals("approval") ? "approved" : "rejected";
  }

  private static String capitalize(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
