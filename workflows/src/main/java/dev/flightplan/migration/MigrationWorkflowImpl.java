package dev.flightplan.migration;

import dev.flightplan.activities.KubernetesActivities;
import dev.flightplan.activities.KubernetesActivities.AccessCheck;
import dev.flightplan.activities.KubernetesActivities.ApplyResult;
import dev.flightplan.activities.KubernetesActivities.JobResult;
import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;
import dev.flightplan.activities.ObjectRef;
import dev.flightplan.activities.TrafficActivities.TrafficChange;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.analysis.BaselineValue;
import dev.flightplan.analysis.Figure;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.migration.MigrationMetrics.RollbackReason;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.OnTimeout;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Trigger;
import dev.flightplan.migration.UndoAction.RestoreImage;
import dev.flightplan.migration.UndoAction.RestoreObject;
import dev.flightplan.migration.UndoAction.RestoreReplicas;
import dev.flightplan.migration.UndoAction.RestoreSelector;
import dev.flightplan.migration.UndoAction.RestoreTraffic;
import dev.flightplan.migration.UndoAction.RunUndoJob;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * Runs a plan's phases and steps in order. Every reversible change pushes an {@link UndoAction} before it is made;
 * any failure before the point of no return replays those newest first in a scope that cancellation cannot cut short.
 * After an irreversible step, failures wait for a human ({@code retry}, {@code skip}, {@code abort}) instead.
 */
public class MigrationWorkflowImpl implements MigrationWorkflow {

  private static final Logger log = Workflow.getLogger(MigrationWorkflowImpl.class);
  private static final int KEPT_VERDICTS = 10;
  private static final PlanDuration DEFAULT_READY = PlanDuration.ofMinutes(10);
  private static final PlanDuration DEFAULT_INTERVAL = PlanDuration.ofMinutes(1);
  private static final PlanDuration DEFAULT_CANARY_OBSERVE = PlanDuration.ofMinutes(5);

  /**
   * Workflow change ids (see docs/upgrading-workflows.md). {@code approval-progress-message}: a partial approval
   * updates the approval request's message; histories from before it took no action there.
   */
  static final String APPROVAL_PROGRESS_CHANGE = "approval-progress-message";

  /** {@code preflight-probes}: preflight also samples every metric and reads webhook routers' weights. */
  static final String PREFLIGHT_PROBES_CHANGE = "preflight-probes";

  private MigrationPlan plan;
  private String migration = "";
  private String namespace = "default";
  private ActivityPorts ports;

  private MigrationState state = MigrationState.RUNNING;
  private String phase = "";
  private String stepLabel = "";
  private int stepNumber;
  private int totalSteps;
  private int weight;
  private boolean pastPointOfNoReturn;
  private PendingDecision pending;
  private final List<Verdict> verdicts = new ArrayList<>();
  private final Map<String, BaselineValue> baselines = new LinkedHashMap<>();
  private final Deque<UndoAction> undoStack = new ArrayDeque<>();
  private final List<TimelineEntry> timeline = new ArrayList<>();

  private boolean pauseRequested;
  private Decision abortRequest;
  private Decision rejectRequest;
  private final Set<String> approvedBy = new LinkedHashSet<>();
  private String attentionChoice;
  private CancellationScope stepScope;
  private String notificationThread;
  private String approvalMessage;
  private int notificationCount;
  private final MigrationMetrics metrics = new MigrationMetrics();

  /** Rollback or stop requested by a failure; never leaves {@link #run}. */
  private static final class StepFailed extends RuntimeException {
    final RollbackReason rollbackReason;

    StepFailed(String reason) {
      this(reason, RollbackReason.FAILURE);
    }

    StepFailed(String reason, RollbackReason rollbackReason) {
      super(reason, null, false, false);
      this.rollbackReason = rollbackReason;
    }
  }

  /** A person asked to stop; {@code undo} is false past the point of no return. */
  private static final class Aborted extends RuntimeException {
    final boolean undo;

    Aborted(String reason, boolean undo) {
      super(reason, null, false, false);
      this.undo = undo;
    }
  }

  @Override
  public MigrationResult run(MigrationInput input) {
    plan = input.plan();
    migration = plan.name();
    namespace = plan.spec().target().namespaceOrDefault();
    ports = new ActivityPorts(plan.spec().target().cluster());
    totalSteps = plan.spec().phases().stream().mapToInt(p -> p.steps().size()).sum();
    record(
        "started",
        "migration started: " + plan.spec().phases().size() + " phases, " + totalSteps + " steps",
        input.startedBy());
    metrics.entered(state);
    publish();
    notifyPeople("started", "Migration " + migration + " started", null);

    MigrationResult result;
    try {
      runPhases();
      result = finish(MigrationState.COMPLETED, "completed all " + totalSteps + " steps");
      notifyPeople("completed", "Migration " + migration + " completed", null);
    } catch (StepFailed failure) {
      result = rollback(MigrationState.ROLLED_BACK, failure.getMessage(), failure.rollbackReason);
    } catch (Aborted abort) {
      result =
          abort.undo
              ? rollback(MigrationState.ABORTED, abort.getMessage(), RollbackReason.ABORTED)
              : finish(
                  MigrationState.ABORTED,
                  abort.getMessage() + "; past the point of no return, so nothing was undone");
    }
    Workflow.await(Workflow::isEveryHandlerFinished);
    return result;
  }

  // ---- forward path ----

  private void runPhases() {
    for (Phase current : plan.spec().phases()) {
      phase = current.name();
      for (Step step : current.steps()) {
        stepNumber++;
        stepLabel = Step.kindOf(step);
        holdWhilePaused();
        if (abortRequest != null) {
          throw abortedBy(abortRequest);
        }
        record("step", "step " + stepNumber + "/" + totalSteps + " (" + phase + "): " + stepLabel, null);
        publish();
        long started = Workflow.currentTimeMillis();
        try {
          runGuarded(step);
        } catch (RuntimeException stopped) {
          metrics.stepEnded(stepLabel, false, started);
          throw stopped;
        }
        metrics.stepEnded(stepLabel, true, started);
      }
    }
  }

  private void holdWhilePaused() {
    if (!pauseRequested) {
      return;
    }
    setState(MigrationState.PAUSED);
    Workflow.await(() -> !pauseRequested || abortRequest != null);
    setState(MigrationState.RUNNING);
  }

  /** Runs one step; a failure rolls back, or, past the point of no return, waits for a person. */
  private void runGuarded(Step step) {
    while (true) {
      try {
        stepScope = Workflow.newCancellationScope(() -> execute(step));
        stepScope.run();
        return;
      } catch (TemporalFailure failure) {
        if (abortRequest != null && isCancellation(failure)) {
          throw abortedBy(abortRequest);
        }
        String reason = "step " + stepNumber + " " + stepLabel + " failed: " + causeOf(failure);
        if (!pastPointOfNoReturn && !Step.isIrreversible(step)) {
          throw new StepFailed(reason);
        }
        String choice =
            needsAttention(reason + " (irreversible: retry the step, skip it, or abort leaving things as they are)");
        if (choice.equals("skip")) {
          record("skipped", "step " + stepNumber + " skipped", null);
          return;
        }
        if (choice.equals("abort")) {
          throw new Aborted("aborted by " + abortRequest.by() + " after: " + reason, false);
        }
        record("retry", "retrying step " + stepNumber, null);
      } finally {
        stepScope = null;
      }
    }
  }

  private void execute(Step step) {
    if (step instanceof Step.Preflight) {
      preflight();
    } else if (step instanceof Step.Apply apply) {
      apply.manifests().forEach(this::applyWithUndo);
    } else if (step instanceof Step.Deploy deploy) {
      deploy(deploy);
    } else if (step instanceof Step.Scale scale) {
      scale(scale);
    } else if (step instanceof Step.SetImage setImage) {
      setImage(setImage);
    } else if (step instanceof Step.Switch flip) {
      switchSelector(flip);
    } else if (step instanceof Step.Canary canary) {
      canary(canary);
    } else if (step instanceof Step.Observe observe) {
      watch(
          "observe " + observe.duration(),
          observe.duration(),
          orDefault(observe.interval(), DEFAULT_INTERVAL),
          null,
          triggersFor(observe.metrics(), null));
    } else if (step instanceof Step.Analysis analysis) {
      int count = analysis.count() == null ? 5 : analysis.count();
      PlanDuration interval = orDefault(analysis.interval(), PlanDuration.ofSeconds(30));
      watch(
          "analysis of " + String.join(", ", analysis.metrics()),
          PlanDuration.ofMillis(interval.millis() * count),
          interval,
          count,
          triggersFor(analysis.metrics(), analysis.failureLimit()));
    } else if (step instanceof Step.Baseline baseline) {
      baseline(baseline);
    } else if (step instanceof Step.ParallelRun parallelRun) {
      parallelRun(parallelRun);
    } else if (step instanceof Step.Approval approval) {
      approvalGate(approval);
    } else if (step instanceof Step.Job job) {
      job(job);
    } else if (step instanceof Step.Decommission decommission) {
      decommission(decommission);
    } else {
      throw new IllegalStateException("no handler for step " + Step.kindOf(step));
    }
  }

  private void preflight() {
    List<ObjectRef> mustExist = new ArrayList<>();
    Map<String, String> neededBy = new LinkedHashMap<>();
    Set<AccessCheck> access = new LinkedHashSet<>();
    for (Phase p : plan.spec().phases()) {
      for (Step s : p.steps()) {
        PreflightNeeds.collect(s, namespace, mustExist, neededBy, access);
      }
    }
    var result =
        ports.changes("preflight").preflight(
            new KubernetesActivities.PreflightRequest(namespace, mustExist, new ArrayList<>(access), neededBy));
    List<String> problems = new ArrayList<>(result.problems());
    String probed = "";
    if (Workflow.getVersion(PREFLIGHT_PROBES_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
      probed = probeMetrics(problems) + probeWebhookRouters(problems);
    }
    record("preflight", "preflight checked " + result.checked().size() + " things" + probed, null);
    if (!problems.isEmpty()) {
      throw new StepFailed("preflight found " + problems.size() + " problem(s): " + String.join("; ", problems));
    }
  }

  /**
   * One sample of every metric, so that a query Prometheus rejects (or any definition its provider refuses) stops
   * the migration before it changes anything. Metrics without data yet are fine here: the canary may not exist.
   */
  private String probeMetrics(List<String> problems) {
    if (plan.spec().metrics() == null || plan.spec().metrics().isEmpty()) {
      return "";
    }
    MetricsActivities.ProbeResult probe =
        ports.metricProbe("preflight: probe metric queries")
            .probe(new MetricsActivities.ProbeRequest(plan.spec().metrics(), namespace));
    problems.addAll(probe.problems());
    String noData =
        probe.noData().isEmpty()
            ? ""
            : " (no data yet, fine before the canary runs: " + String.join("; ", probe.noData()) + ")";
    return ", probed " + plan.spec().metrics().size() + " metric(s)" + noData;
  }

  /** A webhook router's gateway reads its current weights, so a wrong URL or secret shows before any change. */
  private String probeWebhookRouters(List<String> problems) {
    int probed = 0;
    for (Phase p : plan.spec().phases()) {
      for (Step s : p.steps()) {
        if (s instanceof Step.Canary canary && canary.router().webhook() != null) {
          probed++;
          try {
            ports.traffic("preflight: read weights from " + canary.router().webhook().url())
                .current(new TrafficRequest(namespace, canary.router(), canary.stable(), canary.canary()));
          } catch (ActivityFailure failure) {
            problems.add("the webhook router at " + canary.router().webhook().url() + ": " + causeOf(failure));
          }
        }
      }
    }
    return probed == 0 ? "" : ", read the weights of " + probed + " webhook router(s)";
  }

  @SuppressWarnings("unchecked")
  private void applyWithUndo(Map<String, Object> manifest) {
    ObjectRef ref = ObjectRef.of(manifest, namespace);
    KubernetesActivities k8s = ports.changes("apply " + ref);
    Map<String, Object> snapshot = k8s.get(ref);
    RestoreObject undo = new RestoreObject(ref, snapshot);
    undoStack.push(undo);
    ApplyResult result = k8s.apply(new KubernetesActivities.ApplyRequest(namespace, manifest));
    if (result.changed() && snapshot != null && result.before() != null) {
      // The call's own "before" is the state right before our write, unless an earlier attempt already wrote it.
      undoStack.pop();
      undoStack.push(new RestoreObject(result.ref(), result.before()));
    }
    record("applied", (result.created() ? "created " : result.changed() ? "patched " : "unchanged ") + ref, null);
  }

  private void deploy(Step.Deploy deploy) {
    deploy.manifests().forEach(this::applyWithUndo);
    for (Map<String, Object> manifest : deploy.manifests()) {
      ObjectRef ref = ObjectRef.of(manifest, namespace);
      if ("Deployment".equals(ref.kind())) {
        awaitRollout(ref.namespace(), ref.name(), orDefault(deploy.ready(), DEFAULT_READY));
      }
    }
  }

  private void awaitRollout(String ns, String deployment, PlanDuration limit) {
    var status =
        ports.waits(limit.toDuration(), "wait for " + deployment + " to roll out")
            .awaitRollout(new KubernetesActivities.RolloutRequest(ns, deployment, limit.millis()));
    record(
        "ready",
        "Deployment " + deployment + " rolled out: " + status.readyReplicas() + "/" + status.replicas() + " ready",
        null);
  }

  private void scale(Step.Scale scale) {
    KubernetesActivities k8s = ports.changes("scale " + scale.deployment());
    Map<String, Object> snapshot = k8s.get(deploymentRef(scale.deployment()));
    requireExists(snapshot, "Deployment", scale.deployment());
    int previous = KubeFields.replicas(snapshot);
    undoStack.push(new RestoreReplicas(namespace, scale.deployment(), previous));
    var result = k8s.scale(new KubernetesActivities.ScaleRequest(namespace, scale.deployment(), scale.replicas()));
    if (result.previousReplicas() != scale.replicas()) {
      undoStack.pop();
      undoStack.push(new RestoreReplicas(namespace, scale.deployment(), result.previousReplicas()));
    }
    record("scaled", scale.deployment() + ": " + result.previousReplicas() + " → " + scale.replicas() + " replicas", null);
    awaitRollout(namespace, scale.deployment(), orDefault(scale.ready(), DEFAULT_READY));
  }

  private void setImage(Step.SetImage change) {
    KubernetesActivities k8s = ports.changes("set image of " + change.deployment());
    Map<String, Object> snapshot = k8s.get(deploymentRef(change.deployment()));
    requireExists(snapshot, "Deployment", change.deployment());
    String previous = KubeFields.image(snapshot, change.container());
    undoStack.push(new RestoreImage(namespace, change.deployment(), change.container(), previous));
    var result =
        k8s.setImage(
            new KubernetesActivities.SetImageRequest(namespace, change.deployment(), change.container(), change.image()));
    if (!change.image().equals(result.previousImage())) {
      undoStack.pop();
      undoStack.push(new RestoreImage(namespace, change.deployment(), result.container(), result.previousImage()));
    }
    record("image", change.deployment() + ": " + result.previousImage() + " → " + change.image(), null);
    awaitRollout(namespace, change.deployment(), orDefault(change.ready(), DEFAULT_READY));
  }

  private void switchSelector(Step.Switch flip) {
    KubernetesActivities k8s = ports.changes("switch " + flip.service());
    Map<String, Object> snapshot = k8s.get(new ObjectRef("v1", "Service", namespace, flip.service()));
    requireExists(snapshot, "Service", flip.service());
    undoStack.push(new RestoreSelector(namespace, flip.service(), KubeFields.selector(snapshot)));
    var result = k8s.setSelector(new KubernetesActivities.SelectorRequest(namespace, flip.service(), flip.selector()));
    if (!flip.selector().equals(result.previousSelector())) {
      undoStack.pop();
      undoStack.push(new RestoreSelector(namespace, flip.service(), result.previousSelector()));
    }
    record("switched", "Service " + flip.service() + " now selects " + flip.selector(), null);
  }

  private void canary(Step.Canary canary) {
    TrafficRequest request = new TrafficRequest(namespace, canary.router(), canary.stable(), canary.canary());
    Step.ObserveSettings observe = canary.observe();
    PlanDuration each = observe == null || observe.each() == null ? DEFAULT_CANARY_OBSERVE : observe.each();
    PlanDuration interval = observe == null || observe.interval() == null ? DEFAULT_INTERVAL : observe.interval();
    var traffic = ports.traffic("canary " + canary.canary());
    TrafficState before = traffic.current(request);
    undoStack.push(new RestoreTraffic(request, before));
    boolean firstShift = true;
    for (int target : canary.weights()) {
      holdWhilePaused();
      TrafficChange change = ports.traffic("shift " + canary.canary() + " to " + target + "%").setWeight(request, target);
      if (firstShift && change.before().canaryWeight() != target) {
        // The router's own reading is the exact state before our first write.
        undoStack.pop();
        undoStack.push(new RestoreTraffic(request, change.before()));
      }
      firstShift = false;
      weight = change.after().canaryWeight();
      record("weight", canary.canary() + " now receives " + weight + "% of traffic", null);
      publish();
      metrics.weight(migration, weight);
      if (target < 100 || !plan.spec().rollbackWhen().isEmpty()) {
        List<String> watched = observe == null ? null : observe.metrics();
        watch("canary at " + weight + "%", each, interval, null, triggersFor(watched, null));
      }
    }
  }

  private void baseline(Step.Baseline baseline) {
    List<String> names = baseline.metrics() == null ? List.copyOf(plan.spec().metrics().keySet()) : baseline.metrics();
    Map<String, MetricDefinition> metrics = definitions(names);
    PlanDuration interval = orDefault(baseline.interval(), PlanDuration.ofSeconds(15));
    Map<String, BaselineValue> measured =
        ports.metrics(baseline.window().toDuration(), "baseline over " + baseline.window())
            .baseline(
                new MetricsActivities.BaselineRequest(metrics, baseline.window().millis(), interval.millis(), namespace));
    baselines.putAll(measured);
    measured.forEach(
        (metric, value) ->
            record(
                "baseline",
                metric + " baseline: mean " + Verdict.format(value.mean()) + ", p95 " + Verdict.format(value.p95())
                    + ", p99 " + Verdict.format(value.p99()) + " (" + value.samples() + " samples)",
                null));
  }

  /** One observation window: a single heartbeating activity, or a plain durable timer when nothing is watched. */
  private void watch(String label, PlanDuration duration, PlanDuration interval, Integer count, List<Trigger> triggers) {
    if (triggers.isEmpty()) {
      record("hold", label + ": holding " + duration + " (no triggers to watch)", null);
      Workflow.newTimer(duration.toDuration(), TimerOptions.newBuilder().setSummary(label).build()).get();
      return;
    }
    Set<String> names = new LinkedHashSet<>();
    triggers.forEach(t -> names.add(t.metric()));
    var request =
        new MetricsActivities.ObserveRequest(
            label,
            definitions(List.copyOf(names)),
            triggers,
            Map.copyOf(baselines),
            duration.millis(),
            interval.millis(),
            count,
            namespace);
    Verdict verdict = ports.metrics(duration.toDuration(), label).observe(request);
    keep(verdict);
    metrics.verdict(verdict.outcome());
    record("verdict", label + ": " + verdict.outcome() + " — " + verdict.reason(), null);
    recordFigures(verdict);
    switch (verdict.outcome()) {
      case PASS -> {}
      case FAIL -> {
        notifyPeople(
            "breach", "Breach in " + migration + " (" + label + "): " + verdict.reason(), breachFields(verdict));
        throw new StepFailed(label + " breached " + verdict.reason(), RollbackReason.BREACH);
      }
      case INCONCLUSIVE -> decideInconclusive(label, verdict);
    }
  }

  /**
   * Old and new side by side for a window: the rollback triggers of the listed metrics are watched as in any window,
   * and at its end the comparisons judge the new version's window means. Every compared figure goes to the timeline.
   */
  private void parallelRun(Step.ParallelRun run) {
    PlanDuration interval = orDefault(run.interval(), DEFAULT_INTERVAL);
    String label = "parallel run " + run.duration();
    List<Trigger> triggers = new ArrayList<>();
    for (Trigger trigger : plan.spec().rollbackWhen()) {
      if (run.metrics() == null || run.metrics().contains(trigger.metric())) {
        triggers.add(trigger);
      }
    }
    Set<String> names = new LinkedHashSet<>();
    triggers.forEach(t -> names.add(t.metric()));
    run.compare().forEach(c -> names.add(c.metric()));
    record(
        "parallel-run",
        label + ": old and new side by side, the new version "
            + (run.mirrored()
                ? "on mirrored traffic"
                : weight > 0 ? "receiving " + weight + "% of traffic" : "on the share earlier steps gave it")
            + "; comparing " + String.join("; ", run.compare().stream().map(Trigger::describe).toList()),
        null);
    var request =
        new MetricsActivities.ObserveRequest(
            label,
            definitions(List.copyOf(names)),
            triggers,
            Map.copyOf(baselines),
            run.duration().millis(),
            interval.millis(),
            null,
            namespace,
            run.compare());
    Verdict verdict = ports.metrics(run.duration().toDuration(), label).observe(request);
    keep(verdict);
    metrics.verdict(verdict.outcome());
    record("verdict", label + ": " + verdict.outcome() + " — " + verdict.reason(), null);
    recordFigures(verdict);
    switch (verdict.outcome()) {
      case PASS ->
          notifyPeople("compared", "Parallel run of " + migration + " passed: " + verdict.reason(), figureFields(verdict));
      case FAIL -> {
        notifyPeople(
            "breach", "Breach in " + migration + " (" + label + "): " + verdict.reason(), breachFields(verdict));
        throw new StepFailed(label + " breached " + verdict.reason(), RollbackReason.BREACH);
      }
      case INCONCLUSIVE -> decideInconclusive(label, verdict);
    }
  }

  private void recordFigures(Verdict verdict) {
    if (verdict.figures() == null) {
      return;
    }
    for (Figure figure : verdict.figures()) {
      record("figure", figure.describe(), null);
    }
  }

  private static Map<String, String> breachFields(Verdict verdict) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("trigger", String.valueOf(verdict.trigger()));
    fields.put("value", verdict.value() == null ? "" : Verdict.format(verdict.value()));
    fields.put("threshold", String.valueOf(verdict.threshold()));
    fields.putAll(figureFields(verdict));
    return fields;
  }

  /** One field per compared figure, numbered in the order of the comparisons. */
  private static Map<String, String> figureFields(Verdict verdict) {
    Map<String, String> fields = new LinkedHashMap<>();
    List<Figure> figures = verdict.figures() == null ? List.of() : verdict.figures();
    for (int i = 0; i < figures.size(); i++) {
      fields.put("figure " + (i + 1), figures.get(i).describe());
    }
    return fields;
  }

  private void decideInconclusive(String label, Verdict verdict) {
    String message =
        label + " was inconclusive (" + verdict.reason() + "): approve to continue anyway, reject to roll back";
    awaitDecision(new PendingDecision("inconclusive", message, 1, List.of(), plan.spec().approvers(), null, null), null);
    if (rejectRequest != null) {
      throw rejected();
    }
    record("continue", "continuing after inconclusive analysis on a person's approval", null);
  }

  private void approvalGate(Step.Approval approval) {
    int needed = approval.minApprovals() == null ? 1 : approval.minApprovals();
    List<String> allowed =
        approval.approvers() == null || approval.approvers().isEmpty() ? plan.spec().approvers() : approval.approvers();
    Long deadline = approval.timeout() == null ? null : Workflow.currentTimeMillis() + approval.timeout().millis();
    OnTimeout onTimeout = approval.onTimeout() == null ? OnTimeout.ROLLBACK : approval.onTimeout();
    String message = approval.message() == null ? "Approve step " + stepNumber + " of " + migration : approval.message();
    boolean decided =
        awaitDecision(
            new PendingDecision("approval", message, needed, List.of(), allowed, deadline, onTimeout.text()),
            approval.timeout());
    if (rejectRequest != null) {
      throw rejected();
    }
    if (!decided) {
      String why = "approval timed out after " + approval.timeout() + " with " + approvedBy.size() + "/" + needed;
      switch (onTimeout) {
        case PROCEED -> record("timeout", why + ": proceeding as the plan says", null);
        case ABORT -> throw new Aborted(why + ": aborting as the plan says", true);
        default -> throw new StepFailed(why + ": rolling back as the plan says", RollbackReason.TIMEOUT);
      }
      return;
    }
    record("approved", "approval complete: " + String.join(", ", approvedBy), null);
  }

  /** Waits for enough approvals, a reject or an abort; false when the timeout passed first. */
  private boolean awaitDecision(PendingDecision decision, PlanDuration timeout) {
    approvedBy.clear();
    rejectRequest = null;
    pending = decision;
    setState(MigrationState.WAITING_APPROVAL);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("kind", decision.kind());
    fields.put("needed", Integer.toString(decision.minApprovals()));
    fields.put("approvers", decision.allowed() == null ? "" : String.join(", ", decision.allowed()));
    if (decision.deadlineMillis() != null) {
      fields.put("deadlineMillis", Long.toString(decision.deadlineMillis()));
      fields.put("onTimeout", String.valueOf(decision.onTimeout()));
    }
    if (!verdicts.isEmpty()) {
      fields.put("lastVerdict", verdicts.get(verdicts.size() - 1).reason());
    }
    notifyPeople("approval-needed", migration + ": " + decision.message(), fields);
    // A second workflow thread keeps the request current while it waits for more approvals; the wait below is
    // unchanged, so histories recorded before it replay as they were.
    Promise<Void> progress =
        plan.spec().notifications() == null || decision.minApprovals() < 2
            ? null
            : Async.procedure(
                () -> announceApprovals(decision.minApprovals(), migration + ": " + decision.message(), fields));
    long waitStarted = Workflow.currentTimeMillis();
    boolean decided;
    if (timeout == null) {
      Workflow.await(this::decisionMade);
      decided = true;
    } else {
      decided = Workflow.await(timeout.toDuration(), this::decisionMade);
    }
    metrics.decisionEnded(decision.kind(), decisionOutcome(decided), waitStarted);
    pending = null;
    if (progress != null) {
      // the decided message must replace the request after any progress update, never before one
      Workflow.await(progress::isCompleted);
    }
    setState(MigrationState.RUNNING);
    notifyPeople("approval-decided", migration + ": " + summaryOfDecision(decided), null);
    if (abortRequest != null) {
      throw abortedBy(abortRequest);
    }
    return decided;
  }

  /**
   * Until the decision is made, updates the approval request after each approval that is not the last one needed:
   * who approved and when, and how many approvals are still needed.
   */
  private void announceApprovals(int needed, String request, Map<String, String> requestFields) {
    int announced = 0;
    while (true) {
      int seen = announced;
      Workflow.await(() -> pending == null || decisionMade() || approvedBy.size() > seen);
      if (pending == null || decisionMade()) {
        return;
      }
      if (Workflow.getVersion(APPROVAL_PROGRESS_CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
        return;
      }
      announced = approvedBy.size();
      Map<String, String> fields = new LinkedHashMap<>(requestFields);
      fields.put("needed", Integer.toString(needed - announced));
      fields.put("approvedBy", approvalsSoFar());
      fields.put("request", request);
      notifyPeople(
          "approval-progress",
          migration + ": approved by " + String.join(", ", approvedBy) + " (" + announced + "/" + needed + "), "
              + (needed - announced) + " more approval(s) needed",
          fields);
    }
  }

  /** "alice at 2026-11-21T03:04:05Z, bob at ...": each approver of the pending decision with the time of approval. */
  private String approvalsSoFar() {
    List<String> approvals = new ArrayList<>();
    for (String who : approvedBy) {
      long at = 0;
      for (TimelineEntry entry : timeline) {
        if (entry.kind().equals("approval") && who.equals(entry.by())) {
          at = entry.atMillis();
        }
      }
      approvals.add(who + " at " + Instant.ofEpochMilli(at));
    }
    return String.join(", ", approvals);
  }

  private boolean decisionMade() {
    return rejectRequest != null
        || abortRequest != null
        || (pending != null && approvedBy.size() >= pending.minApprovals());
  }

  private String decisionOutcome(boolean decided) {
    if (abortRequest != null) {
      return "aborted";
    }
    if (rejectRequest != null) {
      return "rejected";
    }
    return decided ? "approved" : "timeout";
  }

  private String summaryOfDecision(boolean decided) {
    if (abortRequest != null) {
      return "aborted by " + abortRequest.by();
    }
    if (rejectRequest != null) {
      return "rejected by " + rejectRequest.by();
    }
    return decided ? "approved by " + String.join(", ", approvedBy) : "timed out";
  }

  private void job(Step.Job job) {
    long limit = orDefault(job.timeout(), PlanDuration.ofMinutes(30)).millis();
    if (job.undo() != null) {
      undoStack.push(new RunUndoJob(namespace, job.name() + "-undo", job.undo(), limit));
    }
    JobResult result =
        ports.waits(Duration.ofMillis(limit), "job " + job.name())
            .runJob(new KubernetesActivities.JobRequest(namespace, job.name(), job.template(), limit));
    if (!result.succeeded()) {
      String logs = result.logs() == null ? "" : "; last logs: " + tail(result.logs(), 1500);
      throw ApplicationFailure.newNonRetryableFailure(
          "Job " + job.name() + " failed: " + result.message() + logs, "JobFailed");
    }
    record("job", "Job " + job.name() + " succeeded", null);
  }

  private void decommission(Step.Decommission decommission) {
    pastPointOfNoReturn = true;
    record(
        "point-of-no-return",
        "decommissioning " + decommission.deployment() + ": from here on failures wait for a person instead of rolling back",
        null);
    KubernetesActivities k8s = ports.changes("decommission " + decommission.deployment());
    k8s.delete(deploymentRef(decommission.deployment()));
    if (decommission.service() != null) {
      k8s.delete(new ObjectRef("v1", "Service", namespace, decommission.service()));
    }
    record("decommissioned", "deleted Deployment " + decommission.deployment(), null);
  }

  // ---- rollback ----

  private MigrationResult rollback(MigrationState endState, String reason, RollbackReason cause) {
    metrics.rollbackStarted(cause);
    pending = null;
    record("rolling-back", "rolling back: " + reason, null);
    setState(MigrationState.ROLLING_BACK);
    notifyPeople("rolling-back", "Rolling back " + migration + ": " + reason, null);
    boolean anythingChanged = !undoStack.isEmpty();
    String[] stoppedBy = {null};
    Workflow.newDetachedCancellationScope(() -> stoppedBy[0] = undoAll()).run();
    if (stoppedBy[0] != null) {
      String remaining = String.join("; ", undoStack.stream().map(UndoAction::describe).toList());
      return finish(
          MigrationState.ABORTED,
          "rollback stopped by " + stoppedBy[0] + " after: " + reason + ". Not undone: " + remaining);
    }
    weight = 0;
    metrics.weight(migration, weight);
    notifyPeople(
        "rolled-back",
        (anythingChanged ? "Rolled back " + migration : "Stopped " + migration + " before any change") + ": " + reason,
        null);
    // say so when nothing had changed: "rolled back" would send the on-call looking for what was undone
    String ending =
        endState == MigrationState.ABORTED
            ? anythingChanged ? "aborted and rolled back: " : "aborted before any change: "
            : anythingChanged ? "rolled back: " : "stopped before any change: ";
    return finish(endState, ending + reason);
  }

  /** Undoes newest first; returns who stopped the rollback, or null when everything was undone. */
  private String undoAll() {
    while (!undoStack.isEmpty()) {
      UndoAction undo = undoStack.peek();
      try {
        perform(undo);
        undoStack.pop();
        record("undone", undo.describe(), null);
      } catch (TemporalFailure failure) {
        String choice = needsAttention("undo failed: " + undo.describe() + ": " + causeOf(failure)
            + " (retry it, skip it, or abort the rollback)");
        if (choice.equals("skip")) {
          undoStack.pop();
          record("skipped", "undo skipped: " + undo.describe(), null);
        } else if (choice.equals("abort")) {
          return abortRequest == null ? "a person" : abortRequest.by();
        }
      }
    }
    return null;
  }

  private void perform(UndoAction undo) {
    if (undo instanceof RestoreObject restore) {
      ports.undo(restore.describe()).restore(new KubernetesActivities.RestoreRequest(restore.ref(), restore.before()));
    } else if (undo instanceof RestoreReplicas replicas) {
      ports.undo(replicas.describe())
          .scale(new KubernetesActivities.ScaleRequest(replicas.namespace(), replicas.deployment(), replicas.replicas()));
    } else if (undo instanceof RestoreImage image) {
      ports.undo(image.describe())
          .setImage(
              new KubernetesActivities.SetImageRequest(
                  image.namespace(), image.deployment(), image.container(), image.image()));
    } else if (undo instanceof RestoreSelector selector) {
      ports.undo(selector.describe())
          .setSelector(
              new KubernetesActivities.SelectorRequest(selector.namespace(), selector.service(), selector.selector()));
    } else if (undo instanceof RestoreTraffic traffic) {
      ports.trafficUndo(traffic.describe()).restore(traffic.request(), traffic.before());
    } else if (undo instanceof RunUndoJob job) {
      JobResult result =
          ports.waits(Duration.ofMillis(job.timeoutMillis()), job.describe())
              .runJob(new KubernetesActivities.JobRequest(job.namespace(), job.name(), job.template(), job.timeoutMillis()));
      if (!result.succeeded()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "undo Job " + job.name() + " failed: " + result.message(), "JobFailed");
      }
    }
  }

  /** Waits for retry, skip or abort, in state NEEDS_ATTENTION; returns the choice. */
  private String needsAttention(String message) {
    MigrationState resumeState = state;
    attentionChoice = null;
    pending = new PendingDecision("attention", message, 0, List.of(), plan.spec().approvers(), null, null);
    record("needs-attention", message, null);
    setState(MigrationState.NEEDS_ATTENTION);
    notifyPeople("needs-attention", migration + " needs attention: " + message, null);
    Workflow.await(() -> attentionChoice != null);
    String choice = attentionChoice;
    attentionChoice = null;
    pending = null;
    setState(resumeState);
    return choice;
  }

  private MigrationResult finish(MigrationState endState, String summary) {
    pending = null;
    record(endState.name().toLowerCase(java.util.Locale.ROOT), summary, null);
    setState(endState);
    log.info("migration {} ended {}: {}", migration, endState, summary);
    return new MigrationResult(endState, summary);
  }

  // ---- signals ----

  @Override
  public void approve(Decision decision) {
    String who = nameOf(decision);
    String refusal = approvalRefusal("approve", who, decision);
    if (refusal == null && approvedBy.contains(who)) {
      refusal = who + " already approved; " + pending.stillNeeded() + " more approval(s) needed from someone else";
    }
    if (refusal != null) {
      refuse("approve", refusal, who);
      return;
    }
    approvedBy.add(who);
    pending =
        new PendingDecision(
            pending.kind(),
            pending.message(),
            pending.minApprovals(),
            List.copyOf(approvedBy),
            pending.allowed(),
            pending.deadlineMillis(),
            pending.onTimeout());
    record(
        "approval",
        "approved by " + who + " (" + approvedBy.size() + "/" + pending.minApprovals() + ")" + reasonText(decision),
        who);
  }

  @Override
  public void reject(Decision decision) {
    String who = nameOf(decision);
    String refusal = approvalRefusal("reject", who, decision);
    if (refusal != null) {
      refuse("reject", refusal, who);
      return;
    }
    rejectRequest = decision;
    record("rejection", "rejected by " + who + reasonText(decision), who);
  }

  @Override
  public void abort(Decision decision) {
    String who = nameOf(decision);
    if (state.isFinal()) {
      refuse("abort", "the migration already ended " + state, who);
      return;
    }
    if (state == MigrationState.ROLLING_BACK) {
      refuse("abort", "the migration is already rolling back", who);
      return;
    }
    if (who.isEmpty()) {
      refuse("abort", "abort needs a name: send {\"by\": \"you\", \"reason\": \"why\"}", who);
      return;
    }
    abortRequest = new Decision(who, decision.reason(), decision.groups());
    record("abort", "abort requested by " + who + reasonText(decision), who);
    if (state == MigrationState.NEEDS_ATTENTION) {
      attentionChoice = "abort";
    }
    if (stepScope != null) {
      stepScope.cancel("aborted by " + who);
    }
  }

  @Override
  public void pause(Decision decision) {
    String who = nameOf(decision);
    if (state.isFinal() || state == MigrationState.ROLLING_BACK || state == MigrationState.NEEDS_ATTENTION) {
      refuse("pause", "cannot pause while " + state, who);
      return;
    }
    if (pauseRequested) {
      refuse("pause", "the migration is already paused", who);
      return;
    }
    pauseRequested = true;
    record("pause", "paused by " + who + ": no further step or traffic shift starts until resume" + reasonText(decision), who);
  }

  @Override
  public void resume(Decision decision) {
    String who = nameOf(decision);
    if (!pauseRequested) {
      refuse("resume", "the migration is not paused (state " + state + ")", who);
      return;
    }
    pauseRequested = false;
    record("resume", "resumed by " + who + reasonText(decision), who);
  }

  @Override
  public void retry(Decision decision) {
    attentionSignal("retry", decision);
  }

  @Override
  public void skip(Decision decision) {
    attentionSignal("skip", decision);
  }

  private void attentionSignal(String choice, Decision decision) {
    String who = nameOf(decision);
    if (state != MigrationState.NEEDS_ATTENTION || attentionChoice != null) {
      refuse(choice, choice + " applies only when the migration needs attention; it is " + state, who);
      return;
    }
    if (who.isEmpty()) {
      refuse(choice, choice + " needs a name: send {\"by\": \"you\"}", who);
      return;
    }
    attentionChoice = choice;
    record(choice, choice + " chosen by " + who + reasonText(decision), who);
  }

  private String approvalRefusal(String verb, String who, Decision decision) {
    if (state.isFinal()) {
      return "the migration already ended " + state;
    }
    if (pending == null || pending.kind().equals("attention")) {
      return "nothing is waiting for approval (state " + state + ", step " + stepNumber + "/" + totalSteps + " "
          + stepLabel + ")";
    }
    if (rejectRequest != null) {
      return "already rejected by " + rejectRequest.by();
    }
    if (who.isEmpty()) {
      return verb + " needs a name: send {\"by\": \"you\"}";
    }
    if (!isAllowed(who, decision.groupsOrEmpty(), pending.allowed())) {
      return who + " is not an approver of this step (approvers: " + String.join(", ", pending.allowed()) + ")";
    }
    return null;
  }

  private static boolean isAllowed(String who, List<String> groups, List<String> allowed) {
    if (allowed == null || allowed.isEmpty() || allowed.contains(who)) {
      return true;
    }
    return groups.stream().anyMatch(group -> allowed.contains("group:" + group));
  }

  private void refuse(String verb, String why, String who) {
    record("refused", verb + " refused: " + why, who.isEmpty() ? null : who);
  }

  // ---- query ----

  @Override
  public MigrationStatus status() {
    return new MigrationStatus(
        migration,
        state,
        phase,
        stepLabel,
        stepNumber,
        totalSteps,
        weight,
        pending,
        List.copyOf(verdicts),
        Map.copyOf(baselines),
        undoStack.stream().map(UndoAction::describe).toList(),
        pastPointOfNoReturn,
        NextAction.describe(migration, state, pending, pauseRequested),
        List.copyOf(timeline));
  }

  // ---- helpers ----

  private void setState(MigrationState next) {
    if (next != state) {
      metrics.entered(next);
    }
    state = next;
    publish();
  }

  /** Search attributes for the UI list, and the current details the UI shows on the workflow page. */
  private void publish() {
    Workflow.upsertTypedSearchAttributes(
        FlightplanSearchAttributes.STATE.valueSet(state.name()),
        FlightplanSearchAttributes.PHASE.valueSet(phase),
        FlightplanSearchAttributes.TARGET.valueSet(namespace),
        FlightplanSearchAttributes.WEIGHT.valueSet((long) weight));
    Workflow.setCurrentDetails(
        "**" + state + "** · phase `" + phase + "` · step " + stepNumber + "/" + totalSteps + " `" + stepLabel + "`"
            + " · canary weight " + weight + "%\n\n" + NextAction.describe(migration, state, pending, pauseRequested));
  }

  private void record(String kind, String text, String by) {
    timeline.add(new TimelineEntry(Workflow.currentTimeMillis(), kind, text, by));
  }

  private void keep(Verdict verdict) {
    verdicts.add(verdict);
    if (verdicts.size() > KEPT_VERDICTS) {
      verdicts.remove(0);
    }
  }

  private void notifyPeople(String event, String text, Map<String, String> fields) {
    if (plan.spec().notifications() == null) {
      return;
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("phase", phase);
    all.put("step", stepNumber + "/" + totalSteps + " " + stepLabel);
    all.put("weight", weight + "%");
    all.put("state", state.name());
    if (fields != null) {
      all.putAll(fields);
    }
    notificationCount++;
    String key = migration + "/" + stepNumber + "/" + event + "/" + notificationCount;
    String replaces =
        event.equals("approval-decided") || event.equals("approval-progress") ? approvalMessage : null;
    try {
      // Detached: an abort cancelling the step must not cut a notification short and lose its receipt.
      NotificationReceipt[] sent = new NotificationReceipt[1];
      Workflow.newDetachedCancellationScope(() -> sent[0] = ports.notifications().send(
                  new Notification(
                      plan.spec().notifications(),
                      migration,
                      event,
                      key,
                      text,
                      all,
                      pending == null ? plan.spec().approvers() : pending.allowed(),
                      notificationThread,
                      replaces)))
          .run();
      NotificationReceipt receipt = sent[0];
      if (receipt != null && notificationThread == null) {
        notificationThread = receipt.thread();
      }
      if ((event.equals("approval-needed") || event.equals("approval-progress")) && receipt != null) {
        approvalMessage = receipt.message();
      }
    } catch (ActivityFailure failure) {
      log.warn("notification {} for {} failed: {}", event, migration, causeOf(failure));
    }
  }

  private List<Trigger> triggersFor(List<String> metrics, Integer failureLimit) {
    List<Trigger> triggers = new ArrayList<>();
    for (Trigger trigger : plan.spec().rollbackWhen()) {
      if (metrics == null || metrics.contains(trigger.metric())) {
        triggers.add(trigger);
      }
    }
    if (metrics != null) {
      for (String metric : metrics) {
        boolean covered = triggers.stream().anyMatch(t -> t.metric().equals(metric));
        if (!covered) {
          // A metric listed without a trigger must simply succeed: a probe answering as expected.
          triggers.add(new Trigger(metric, null, null, failureLimit == null ? 1 : failureLimit));
        }
      }
    }
    return triggers;
  }

  private Map<String, MetricDefinition> definitions(List<String> names) {
    Map<String, MetricDefinition> out = new LinkedHashMap<>();
    for (String name : names) {
      MetricDefinition definition = plan.spec().metrics().get(name);
      if (definition == null) {
        throw new StepFailed("metric " + name + " is not defined in spec.metrics");
      }
      out.put(name, definition);
    }
    return out;
  }

  private ObjectRef deploymentRef(String name) {
    return new ObjectRef("apps/v1", "Deployment", namespace, name);
  }

  private static void requireExists(Map<String, Object> snapshot, String kind, String name) {
    if (snapshot == null) {
      throw ApplicationFailure.newNonRetryableFailure(kind + " " + name + " not found", "NotFound");
    }
  }

  private StepFailed rejected() {
    return new StepFailed("rejected by " + rejectRequest.by() + reasonText(rejectRequest), RollbackReason.REJECTED);
  }

  private static Aborted abortedBy(Decision decision) {
    return new Aborted("aborted by " + decision.by() + reasonText(decision), true);
  }

  private static String nameOf(Decision decision) {
    return decision == null || decision.by() == null ? "" : decision.by().trim();
  }

  private static String reasonText(Decision decision) {
    return decision == null || decision.reason() == null || decision.reason().isBlank()
        ? ""
        : ": " + decision.reason().trim();
  }

  private static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  /** The innermost message a person can act on, without SDK wrapping. */
  static String causeOf(Throwable failure) {
    Throwable deepest = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      deepest = t;
      if (t instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
    }
    return deepest instanceof TemporalFailure tf ? tf.getOriginalMessage() : String.valueOf(deepest.getMessage());
  }

  private static String tail(String text, int max) {
    return text.length() <= max ? text : "…" + text.substring(text.length() - max);
  }

  private static PlanDuration orDefault(PlanDuration value, PlanDuration fallback) {
    return value == null ? fallback : value;
  }
}
