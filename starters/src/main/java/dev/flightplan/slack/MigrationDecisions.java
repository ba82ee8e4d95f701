package dev.flightplan.slack;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.PendingDecision;
import dev.flightplan.migration.TimelineEntry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sends a person's decision to a migration and finds out whether it counted. Signals are fire-and-forget and the
 * workflow is the authority (it refuses approvers not in the plan, second approvals by the same person, decisions
 * on nothing pending), so after the signal the {@code status} query is read until the timeline shows this person's
 * entry: the accepted decision, or the refusal and its reason.
 *
 * <p>Decisions by the same person on the same migration are sent one at a time, so a double click or a redelivered
 * Slack request (Bolt keeps no replay cache) is answered by the workflow's refusal of the second one, never mistaken
 * for the first one's acceptance.
 */
final class MigrationDecisions {

  /** What the person asked for, with the timeline kind the workflow records when it accepts it. */
  enum Verb {
    APPROVE("approval"),
    REJECT("rejection"),
    ABORT("abort");

    final String acceptedKind;

    Verb(String acceptedKind) {
      this.acceptedKind = acceptedKind;
    }

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What became of a decision. */
  sealed interface Outcome {
    String migration();
  }

  /** The workflow took it; {@code status} is read after it. */
  record Accepted(String migration, TimelineEntry entry, MigrationStatus status) implements Outcome {}

  /** The workflow refused it and recorded why. */
  record Refused(String migration, String reason, MigrationStatus status) implements Outcome {}

  /** No workflow with that id. */
  record UnknownMigration(String migration) implements Outcome {}

  /** The migration has ended: nothing was sent. {@code yours} is this person's decision on it, if any. */
  record Ended(String migration, MigrationState state, TimelineEntry yours) implements Outcome {}

  /**
   * The button belongs to an approval request that is no longer the pending one (decided, timed out, rolled back, or
   * a later step is now waiting): nothing was sent. {@code yours} is this person's decision on that request, if any;
   * {@code decision} how it was decided.
   */
  record NoLongerPending(
      String migration, int step, TimelineEntry yours, TimelineEntry decision, MigrationStatus status)
      implements Outcome {}

  /** A second approval by someone whose approval of the pending request already counts: refused, as it should be. */
  record AlreadyCounted(String migration, MigrationStatus status) implements Outcome {}

  /** Sent, but the timeline did not show it within the confirmation time. */
  record Unconfirmed(String migration) implements Outcome {}

  private final WorkflowClient client;
  private final Duration confirmTimeout;
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  MigrationDecisions(WorkflowClient client, Duration confirmTimeout) {
    this.client = client;
    this.confirmTimeout = confirmTimeout;
  }

  /** The migration's status, or empty when there is no such migration. */
  Optional<MigrationStatus> status(String migration) {
    try {
      return Optional.of(stub(migration).status());
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Checks, without sending, what a click on the approval request of {@code step} would meet: null when that request
   * is pending, else the outcome to tell the person.
   */
  Outcome precheck(String migration, Integer step, Approver who) {
    Optional<MigrationStatus> found = status(migration);
    if (found.isEmpty()) {
      return new UnknownMigration(migration);
    }
    return stale(found.get(), migration, step, who);
  }

  /**
   * Sends {@code verb} by {@code who}. {@code step} is the step of the approval request a button belongs to (null
   * for slash commands): a decision on a request that is no longer pending is not sent at all.
   */
  Outcome decide(Verb verb, String migration, Approver who, String reason, Integer step) {
    ReentrantLock lock = locks.computeIfAbsent(migration + "\n" + who.name(), k -> new ReentrantLock());
    lock.lock();
    try {
      return decideLocked(verb, migration, who, reason, step);
    } finally {
      lock.unlock();
    }
  }

  private Outcome decideLocked(Verb verb, String migration, Approver who, String reason, Integer step) {
    Optional<MigrationStatus> found = status(migration);
    if (found.isEmpty()) {
      return new UnknownMigration(migration);
    }
    MigrationStatus before = found.get();
    Outcome stale = verb == Verb.ABORT ? ended(before, migration, who, null) : stale(before, migration, step, who);
    if (stale != null) {
      return stale;
    }
    int seen = before.timeline().size();
    String why = reason == null || reason.isBlank() ? null : reason.trim();
    Decision decision = new Decision(who.name(), why, who.groups());
    MigrationWorkflow workflow = stub(migration);
    try {
      switch (verb) {
        case APPROVE -> workflow.approve(decision);
        case REJECT -> workflow.reject(decision);
        case ABORT -> workflow.abort(decision);
      }
    } catch (WorkflowNotFoundException e) {
      // It ended between the status read and the signal.
      return status(migration)
          .map(s -> (Outcome) new Ended(migration, s.state(), yourDecision(scoped(s.timeline(), step), who.name())))
          .orElse(new UnknownMigration(migration));
    }
    Outcome outcome = confirm(verb, migration, who.name(), seen);
    if (outcome instanceof Refused refused && verb != Verb.ABORT) {
      // Refused because the request was decided meanwhile (by this person's earlier click, or by others): say that,
      // rather than the workflow's generic "nothing is waiting for approval".
      Outcome decidedMeanwhile = stale(refused.status(), migration, step, who);
      if (decidedMeanwhile != null) {
        return decidedMeanwhile;
      }
      PendingDecision pending = refused.status().pending();
      if (verb == Verb.APPROVE
          && pending != null
          && pending.approvedBy() != null
          && pending.approvedBy().contains(who.name())) {
        return new AlreadyCounted(migration, refused.status());
      }
    }
    return outcome;
  }

  private Outcome confirm(Verb verb, String migration, String name, int seen) {
    long deadline = System.nanoTime() + confirmTimeout.toNanos();
    String refusalPrefix = verb.word() + " refused: ";
    while (true) {
      MigrationStatus now = stub(migration).status();
      List<TimelineEntry> timeline = now.timeline();
      for (int i = Math.min(seen, timeline.size()); i < timeline.size(); i++) {
        TimelineEntry entry = timeline.get(i);
        if (!name.equals(entry.by())) {
          continue;
        }
        if (entry.kind().equals(verb.acceptedKind)) {
          return new Accepted(migration, entry, now);
        }
        if (entry.kind().equals("refused") && entry.text().startsWith(refusalPrefix)) {
          return new Refused(migration, entry.text().substring(refusalPrefix.length()), now);
        }
      }
      if (System.nanoTime() > deadline) {
        return new Unconfirmed(migration);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Unconfirmed(migration);
      }
    }
  }

  private static Outcome ended(MigrationStatus status, String migration, Approver who, Integer step) {
    return status.state().isFinal()
        ? new Ended(migration, status.state(), yourDecision(scoped(status.timeline(), step), who.name()))
        : null;
  }

  /** The entries of {@code step}, or the whole timeline when no step is known (slash commands). */
  private static List<TimelineEntry> scoped(List<TimelineEntry> timeline, Integer step) {
    return step == null ? timeline : entriesOfStep(timeline, step);
  }

  private static Outcome stale(MigrationStatus status, String migration, Integer step, Approver who) {
    Outcome ended = ended(status, migration, who, step);
    if (ended != null || step == null) {
      return ended;
    }
    boolean pendingHere = status.pending() != null && status.stepNumber() == step;
    if (pendingHere) {
      return null;
    }
    List<TimelineEntry> ofStep = entriesOfStep(status.timeline(), step);
    return new NoLongerPending(
        migration, step, yourDecision(ofStep, who.name()), decisionOf(ofStep), status);
  }

  /** The timeline entries recorded while step {@code step} ran: from its "step N/…" entry to the next step's. */
  static List<TimelineEntry> entriesOfStep(List<TimelineEntry> timeline, int step) {
    String marker = "step " + step + "/";
    int start = -1;
    for (int i = 0; i < timeline.size(); i++) {
      TimelineEntry entry = timeline.get(i);
      if (entry.kind().equals("step")) {
        if (start >= 0) {
          return timeline.subList(start, i);
        }
        if (entry.text().startsWith(marker)) {
          start = i;
        }
      }
    }
    return start < 0 ? List.of() : timeline.subList(start, timeline.size());
  }

  /** This person's last accepted approval or rejection among {@code entries}. */
  private static TimelineEntry yourDecision(List<TimelineEntry> entries, String name) {
    TimelineEntry found = null;
    for (TimelineEntry entry : entries) {
      if (name.equals(entry.by()) && (entry.kind().equals("approval") || entry.kind().equals("rejection"))) {
        found = entry;
      }
    }
    return found;
  }

  /** How a step's decision ended: approved, rejected, timed out or aborted, if it did. */
  private static TimelineEntry decisionOf(List<TimelineEntry> entries) {
    TimelineEntry found = null;
    for (TimelineEntry entry : entries) {
      switch (entry.kind()) {
        case "approved", "rejection", "timeout", "abort", "rolling-back", "continue" -> {
          if (found == null) {
            found = entry;
          }
        }
        default -> {}
      }
    }
    return found;
  }

  private MigrationWorkflow stub(String migration) {
    return client.newWorkflowStub(MigrationWorkflow.class, migration);
  }
}
