package dev.flightplan.fleet;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.plan.FailureBudget;
import dev.flightplan.plan.FleetExpander;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.Wave;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.WorkflowInit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Runs a fleet: waves in order; inside a wave, child MigrationWorkflows for the wave's systems in
 * the fleet's order, never more than {@code maxParallel} at once, each only after the systems it
 * depends on migrated (a system whose dependency did not migrate is skipped). After every child
 * result the failure budget is checked; once spent no child starts until a person resumes, or, with
 * {@code onSpent: rollbackWave}, the wave's running children are aborted and its completed systems
 * reverted newest first with the fleet's rollback template. After a wave: soak, then the gate.
 *
 * <p><b>Continue-as-new.</b> A run continues as new after every wave, and inside a wave when the
 * history grows past {@link #HANDOVER_HISTORY_EVENTS} events, the server suggests it, or the run
 * started {@link #HANDOVER_CHILDREN} children. It only does so when no child is running: a child's
 * result reaches only the run that started it (through that run's promise), and children are
 * started with {@link ParentClosePolicy#PARENT_CLOSE_POLICY_ABANDON} so that closing a run never
 * cancels or terminates one. So once a hand-over is due the run starts no more children, waits for
 * the running ones to finish, waits until every signal handler finished, and hands the whole state
 * (outcomes, pause, spent budget, abort or rollback requested; {@link FleetCarry}) to the next run.
 * Parallelism dips while a run drains; in exchange no child is ever orphaned and no polling
 * activity is needed.
 */
public class FleetWorkflowImpl implements FleetWorkflow {

  /**
   * Hand over well before the 10,240-event warning; draining adds a few events per running child.
   */
  static final int HANDOVER_HISTORY_EVENTS = 4_000;

  /** Stay far from the server's limit on children per run. */
  static final int HANDOVER_CHILDREN = 500;

  private static final Logger log = Workflow.getLogger(FleetWorkflowImpl.class);

  private final FleetBook book;
  private final String startedBy;
  private final Map<String, RunningChild> running = new LinkedHashMap<>();
  private int childrenThisRun;

  private enum Kind {
    MIGRATE,
    REVERT
  }

  private enum WaveEnd {
    DONE,
    HAND_OVER,
    ROLLED_BACK,
    ABORTED
  }

  private record RunningChild(
      String system,
      String workflowId,
      Kind kind,
      Promise<MigrationResult> result,
      Promise<WorkflowExecution> started) {}

  @WorkflowInit
  public FleetWorkflowImpl(FleetInput input) {
    this.startedBy = input.startedBy();
    this.book =
        input.carried() == null
            ? FleetBook.start(input.plan(), Workflow.currentTimeMillis())
            : FleetBook.resume(input.plan(), input.carried());
  }

  @Override
  public FleetResult run(FleetInput input) {
    tagWithFleet();
    if (book.run == 1) {
      book.note(
          now(),
          "started",
          "fleet of " + book.systemsByName.size() + " systems in " + book.waves().size() + " waves",
          startedBy);
    }
    while (book.waveIndex < book.waves().size()) {
      book.stage = FleetState.RUNNING;
      WaveEnd end = runWave();
      switch (end) {
        case ABORTED:
          return finish(FleetState.ABORTED);
        case ROLLED_BACK:
          return finish(FleetState.ROLLED_BACK);
        case HAND_OVER:
          return handOver();
        case DONE:
          break;
      }
      if (!soakAndPassGate(book.waves().get(book.waveIndex))) {
        return finish(FleetState.ABORTED);
      }
      book.waveIndex++;
      if (book.waveIndex < book.waves().size()) {
        return handOver();
      }
    }
    return finish(FleetState.COMPLETED);
  }

  private WaveEnd runWave() {
    int index = book.waveIndex;
    Wave wave = book.waves().get(index);
    List<String> members = book.members.get(index);
    if (members.stream().allMatch(name -> book.get(name).state() == SystemState.PENDING)) {
      book.note(now(), "wave", "wave '" + wave.name() + "' (" + members.size() + " systems)", null);
    }
    while (true) {
      collectFinished();
      if (book.abortRequest != null) {
        abortRunning(book.abortRequest);
        return WaveEnd.ABORTED;
      }
      if (book.rollbackRequested) {
        return rollBackWave(members);
      }
      skipUnreachable(members);
      boolean handOverDue = handOverDue();
      if (handOverDue && !running.isEmpty() && !book.handingOver) {
        book.handingOver = true;
        book.note(
            now(),
            "hand-over",
            handOverReason()
                + ": no new migration starts until the "
                + running.size()
                + " running one(s) finish, then the fleet continues as new",
            null);
      }
      if (!handOverDue && book.mayStart()) {
        startReady(members, wave.parallelism());
      }
      boolean allSettled = members.stream().allMatch(name -> book.get(name).state().isSettled());
      if (allSettled && running.isEmpty() && book.haltReason == null) {
        return WaveEnd.DONE;
      }
      if (handOverDue && running.isEmpty()) {
        return WaveEnd.HAND_OVER;
      }
      if (running.isEmpty() && book.mayStart() && !allSettled && nextStartable(members) == null) {
        skipStuck(members);
        continue;
      }
      int seen = book.signals;
      Workflow.await(() -> anyChildFinished() || book.signals != seen);
    }
  }

  private void startReady(List<String> members, int maxParallel) {
    while (running.size() < maxParallel && childrenThisRun < HANDOVER_CHILDREN) {
      String next = nextStartable(members);
      if (next == null) {
        return;
      }
      start(next, Kind.MIGRATE);
    }
  }

  private String nextStartable(List<String> members) {
    for (String name : members) {
      if (book.get(name).state() == SystemState.PENDING && dependenciesMigrated(name)) {
        return name;
      }
    }
    return null;
  }

  private boolean dependenciesMigrated(String name) {
    for (String dependency : book.systemsByName.get(name).dependsOn()) {
      SystemProgress progress = book.get(dependency);
      if (progress == null || progress.state() != SystemState.COMPLETED) {
        return false;
      }
    }
    return true;
  }

  /**
   * Skips, transitively, every pending system one of whose dependencies ended without migrating.
   */
  private void skipUnreachable(List<String> members) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (String name : members) {
        if (book.get(name).state() != SystemState.PENDING) {
          continue;
        }
        for (String dependency : book.systemsByName.get(name).dependsOn()) {
          SystemProgress progress = book.get(dependency);
          if (progress != null
              && progress.state().isSettled()
              && progress.state() != SystemState.COMPLETED) {
            String why =
                "skipped: depends on '" + dependency + "', which ended " + progress.state();
            book.put(book.get(name).skipped(why));
            book.note(now(), "skipped", name + " " + why, null);
            changed = true;
            break;
          }
        }
      }
    }
  }

  /**
   * Defensive: validation forbids cycles and forward dependencies, but a wave must never wait
   * forever.
   */
  private void skipStuck(List<String> members) {
    for (String name : members) {
      if (book.get(name).state() == SystemState.PENDING) {
        String why = "skipped: its dependencies can never migrate in this wave";
        book.put(book.get(name).skipped(why));
        book.note(now(), "skipped", name + " " + why, null);
      }
    }
  }

  private void start(String name, Kind kind) {
    FleetSystem system = book.systemsByName.get(name);
    String id =
        kind == Kind.MIGRATE
            ? FleetWorkflow.childId(book.fleet(), name)
            : FleetWorkflow.revertId(book.fleet(), name);
    MigrationPlan plan;
    try {
      plan =
          kind == Kind.MIGRATE
              ? FleetExpander.expand(book.plan, system)
              : FleetExpander.expandRollback(book.plan, system);
    } catch (IllegalArgumentException e) {
      SystemProgress progress = book.get(name);
      book.put(
          kind == Kind.MIGRATE
              ? progress.started(id, now()).finished(SystemState.FAILED, now(), e.getMessage())
              : progress.reverted(SystemState.REVERT_FAILED, now(), e.getMessage()));
      book.note(now(), "failed", name + ": " + e.getMessage(), null);
      if (kind == Kind.MIGRATE && book.abortRequest == null) {
        checkBudget();
      }
      return;
    }
    ChildWorkflowOptions options =
        ChildWorkflowOptions.newBuilder()
            .setWorkflowId(id)
            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(FleetSearchAttributes.FLEET, book.fleet())
                    .build())
            .build();
    MigrationWorkflow child = Workflow.newChildWorkflowStub(MigrationWorkflow.class, options);
    Promise<MigrationResult> result =
        Async.function(child::run, new MigrationInput(plan, startedBy, book.fleet()));
    Promise<WorkflowExecution> started = Workflow.getWorkflowExecution(child);
    running.put(name, new RunningChild(name, id, kind, result, started));
    childrenThisRun++;
    SystemProgress progress = book.get(name);
    book.put(kind == Kind.MIGRATE ? progress.started(id, now()) : progress.reverting(id, now()));
    book.note(now(), kind == Kind.MIGRATE ? "started" : "reverting", name, null);
  }

  private boolean anyChildFinished() {
    for (RunningChild child : running.values()) {
      if (child.result().isCompleted()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records every finished child, in the order they were started, and checks the budget after each.
   */
  private void collectFinished() {
    List<RunningChild> finished = new ArrayList<>();
    for (RunningChild child : running.values()) {
      if (child.result().isCompleted()) {
        finished.add(child);
      }
    }
    for (RunningChild child : finished) {
      running.remove(child.system());
      if (child.kind() == Kind.REVERT) {
        recordRevert(child);
      } else {
        recordMigration(child);
      }
    }
  }

  private void recordMigration(RunningChild child) {
    SystemState outcome;
    String summary;
    RuntimeException failure = child.result().getFailure();
    if (failure == null) {
      MigrationResult result = child.result().get();
      outcome =
          switch (result == null || result.state() == null ? "" : result.state().name()) {
            case "COMPLETED" -> SystemState.COMPLETED;
            case "ROLLED_BACK" -> SystemState.ROLLED_BACK;
            case "ABORTED" -> SystemState.ABORTED;
            default -> SystemState.FAILED;
          };
      summary = result == null ? "no result" : result.summary();
    } else {
      outcome = SystemState.FAILED;
      summary = describe(failure);
    }
    book.put(book.get(child.system()).finished(outcome, now(), summary));
    book.note(
        now(),
        outcome.name().toLowerCase(java.util.Locale.ROOT),
        child.system() + ": " + summary,
        null);
    if (outcome != SystemState.COMPLETED && book.abortRequest == null) {
      checkBudget();
    }
  }

  private void recordRevert(RunningChild child) {
    RuntimeException failure = child.result().getFailure();
    MigrationResult result = failure == null ? child.result().get() : null;
    boolean reverted =
        result != null && result.state() == dev.flightplan.migration.MigrationState.COMPLETED;
    String summary =
        failure != null ? describe(failure) : result == null ? "no result" : result.summary();
    book.put(
        book.get(child.system())
            .reverted(
                reverted ? SystemState.REVERTED : SystemState.REVERT_FAILED,
                now(),
                "revert: " + summary));
    book.note(
        now(), reverted ? "reverted" : "revert-failed", child.system() + ": " + summary, null);
  }

  private void checkBudget() {
    FailureBudget budget = book.plan.spec().budget();
    int migrated = book.count(SystemState.COMPLETED) + book.count(SystemState.REVERT_FAILED);
    int rolledBack = book.count(SystemState.ROLLED_BACK) + book.count(SystemState.ABORTED);
    String reason = budget.spentReason(migrated, rolledBack, book.count(SystemState.FAILED));
    if (reason == null) {
      return;
    }
    if (budget.rollsBackWave()) {
      if (!book.rollbackRequested) {
        book.rollbackRequested = true;
        book.haltReason = reason;
        book.note(
            now(), "budget", "failure budget spent: " + reason + "; rolling back the wave", null);
      }
    } else {
      book.haltReason = reason;
      book.note(
          now(),
          "budget",
          "failure budget spent: " + reason + "; halted until resume or abort",
          null);
    }
  }

  /**
   * Aborts the wave's running children (they roll back themselves), then reverts its migrated
   * systems one at a time, newest first. The fleet then ends ROLLED_BACK; a revert that does not
   * complete leaves its system migrated (REVERT_FAILED) and is named in the summary.
   */
  private WaveEnd rollBackWave(List<String> members) {
    book.stage = FleetState.ROLLING_BACK;
    abortRunning(new Decision("flightplan", "fleet failure budget spent: rolling back the wave"));
    while (true) {
      collectFinished();
      if (book.abortRequest != null) {
        abortRunning(book.abortRequest);
        return WaveEnd.ABORTED;
      }
      if (running.isEmpty()) {
        String next = newestMigrated(members);
        if (next == null) {
          return WaveEnd.ROLLED_BACK;
        }
        if (handOverDue()) {
          return WaveEnd.HAND_OVER;
        }
        start(next, Kind.REVERT);
      }
      int seen = book.signals;
      Workflow.await(() -> anyChildFinished() || book.signals != seen);
    }
  }

  private String newestMigrated(List<String> members) {
    return members.stream()
        .filter(name -> book.get(name).state() == SystemState.COMPLETED)
        .max(
            Comparator.comparingLong((String name) -> book.get(name).finishedAtMillis())
                .thenComparingInt(members::indexOf))
        .orElse(null);
  }

  /** Signals {@code abort} to every running child and waits until each has finished. */
  private void abortRunning(Decision decision) {
    if (running.isEmpty()) {
      return;
    }
    Workflow.await(
        () -> running.values().stream().allMatch(child -> child.started().isCompleted()));
    Decision toChild =
        new Decision(
            decision.by(),
            "fleet "
                + book.fleet()
                + " aborted"
                + (decision.reason() == null ? "" : ": " + decision.reason()));
    List<Promise<Void>> signals = new ArrayList<>();
    for (RunningChild child : running.values()) {
      if (child.started().getFailure() == null && !child.result().isCompleted()) {
        MigrationWorkflow stub =
            Workflow.newExternalWorkflowStub(MigrationWorkflow.class, child.started().get());
        signals.add(Async.procedure(stub::abort, toChild));
      }
    }
    for (Promise<Void> signal : signals) {
      RuntimeException failure = signal.getFailure();
      if (failure != null) {
        // the child finished between the check and the signal; its result is collected below
        log.info("abort signal not delivered: {}", failure.getMessage());
      }
    }
    Workflow.await(() -> running.values().stream().allMatch(child -> child.result().isCompleted()));
    collectFinished();
  }

  private boolean soakAndPassGate(Wave wave) {
    if (wave.soak() != null && wave.soak().millis() > 0) {
      book.stage = FleetState.SOAKING;
      book.soakUntilMillis = now() + wave.soak().millis();
      book.note(now(), "soak", "wave '" + wave.name() + "' soaks for " + wave.soak(), null);
      Workflow.await(wave.soak().toDuration(), () -> book.abortRequest != null);
      book.soakUntilMillis = null;
      if (book.abortRequest != null) {
        return false;
      }
    }
    if (wave.needsApproval()) {
      book.stage = FleetState.WAITING_APPROVAL;
      book.gateApprovedBy = null;
      book.note(now(), "gate", "wave '" + wave.name() + "' done: waiting for approval", null);
      Workflow.await(() -> book.gateApprovedBy != null || book.abortRequest != null);
      if (book.abortRequest != null) {
        return false;
      }
    }
    book.stage = FleetState.RUNNING;
    return true;
  }

  private boolean handOverDue() {
    WorkflowInfo info = Workflow.getInfo();
    return childrenThisRun >= HANDOVER_CHILDREN
        || info.getHistoryLength() >= HANDOVER_HISTORY_EVENTS
        || info.isContinueAsNewSuggested();
  }

  private String handOverReason() {
    WorkflowInfo info = Workflow.getInfo();
    if (childrenThisRun >= HANDOVER_CHILDREN) {
      return "this run started " + childrenThisRun + " migrations";
    }
    return info.isContinueAsNewSuggested()
        ? "Temporal suggests continuing as new (history " + info.getHistoryLength() + " events)"
        : "this run's history reached " + info.getHistoryLength() + " events";
  }

  private FleetResult handOver() {
    Workflow.await(Workflow::isEveryHandlerFinished);
    Workflow.continueAsNew(new FleetInput(book.plan, startedBy, book.snapshot()));
    throw new IllegalStateException("continueAsNew returned");
  }

  private FleetResult finish(FleetState state) {
    Workflow.await(Workflow::isEveryHandlerFinished);
    book.finalState = state;
    book.stage = state;
    FleetKpis kpis = book.kpis(now());
    book.summary = summarize(state, kpis);
    book.note(now(), state.name().toLowerCase(java.util.Locale.ROOT), book.summary, null);
    return new FleetResult(state, book.summary, kpis);
  }

  private String summarize(FleetState state, FleetKpis kpis) {
    String counts =
        kpis.migrated()
            + " of "
            + kpis.systemsTotal()
            + " migrated, "
            + kpis.rolledBack()
            + " rolled back, "
            + kpis.failed()
            + " failed, "
            + kpis.skipped()
            + " skipped"
            + (kpis.reverted() > 0 ? ", " + kpis.reverted() + " reverted" : "")
            + (kpis.pending() > 0 ? ", " + kpis.pending() + " not started" : "");
    return switch (state) {
      case COMPLETED -> "fleet completed: " + counts;
      case ABORTED ->
          "fleet aborted by "
              + book.abortRequest.by()
              + (book.abortRequest.reason() == null ? "" : " (" + book.abortRequest.reason() + ")")
              + ": "
              + counts;
      default -> {
        List<String> failedReverts =
            book.members.get(book.waveIndex).stream()
                .filter(name -> book.get(name).state() == SystemState.REVERT_FAILED)
                .toList();
        yield "wave '"
            + book.waves().get(book.waveIndex).name()
            + "' rolled back ("
            + book.haltReason
            + "): "
            + counts
            + (failedReverts.isEmpty()
                ? ""
                : "; could not revert " + String.join(", ", failedReverts));
      }
    };
  }

  private static String describe(RuntimeException failure) {
    Throwable cause = failure;
    if (failure instanceof ChildWorkflowFailure && failure.getCause() != null) {
      cause = failure.getCause();
    }
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    return cause.getMessage();
  }

  private void tagWithFleet() {
    if (Workflow.getTypedSearchAttributes().get(FleetSearchAttributes.FLEET) == null) {
      Workflow.upsertTypedSearchAttributes(FleetSearchAttributes.FLEET.valueSet(book.fleet()));
    }
  }

  private static long now() {
    return Workflow.currentTimeMillis();
  }

  @Override
  public void approve(Decision decision) {
    String by = who(decision);
    if (book.stage != FleetState.WAITING_APPROVAL || book.finalState != null) {
      book.note(
          now(),
          "refused",
          "approve refused: no gate is waiting (fleet is " + book.state() + ")",
          by);
    } else if (by == null) {
      book.note(now(), "refused", "approve refused: say who approves ({\"by\": \"name\"})", null);
    } else if (!book.plan.spec().approvers().isEmpty()
        && !book.plan.spec().approvers().contains(by)) {
      book.note(
          now(), "refused", "approve refused: " + by + " is not an approver of this fleet", by);
    } else if (book.gateApprovedBy == null) {
      book.gateApprovedBy = by;
      book.note(
          now(),
          "approved",
          "gate after wave '"
              + book.waves().get(book.waveIndex).name()
              + "' approved"
              + reason(decision),
          by);
    } else {
      book.note(
          now(), "refused", "approve ignored: already approved by " + book.gateApprovedBy, by);
    }
    book.signals++;
  }

  @Override
  public void abort(Decision decision) {
    String by = who(decision);
    if (book.finalState != null) {
      book.note(now(), "refused", "abort refused: the fleet has ended " + book.finalState, by);
    } else if (book.abortRequest == null) {
      book.abortRequest =
          new Decision(by == null ? "unknown" : by, decision == null ? null : decision.reason());
      book.note(now(), "abort", "abort requested" + reason(decision), by);
    }
    book.signals++;
  }

  @Override
  public void pause(Decision decision) {
    String by = who(decision);
    if (book.finalState != null || book.abortRequest != null) {
      book.note(now(), "refused", "pause refused: the fleet is " + book.state(), by);
    } else if (book.paused) {
      book.note(now(), "refused", "pause refused: already paused", by);
    } else {
      book.paused = true;
      book.note(now(), "paused", "no new migration starts until resume" + reason(decision), by);
    }
    book.signals++;
  }

  @Override
  public void resume(Decision decision) {
    String by = who(decision);
    if (book.finalState != null || book.abortRequest != null || book.rollbackRequested) {
      book.note(now(), "refused", "resume refused: the fleet is " + book.state(), by);
    } else if (!book.paused && book.haltReason == null) {
      book.note(now(), "refused", "resume refused: the fleet is neither paused nor halted", by);
    } else {
      String what =
          book.haltReason != null ? "accepted spent budget (" + book.haltReason + ")" : "resumed";
      book.paused = false;
      book.haltReason = null;
      book.note(now(), "resumed", what + reason(decision), by);
    }
    book.signals++;
  }

  @Override
  public FleetKpis kpis() {
    return book.kpis(now());
  }

  @Override
  public FleetStatus status() {
    return book.status(now());
  }

  private static String who(Decision decision) {
    return decision == null || decision.by() == null || decision.by().isBlank()
        ? null
        : decision.by().trim();
  }

  private static String reason(Decision decision) {
    return decision == null || decision.reason() == null || decision.reason().isBlank()
        ? ""
        : ": " + decision.reason();
  }
}
