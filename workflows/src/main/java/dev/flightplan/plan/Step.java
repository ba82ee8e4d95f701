package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * One step of a phase, written in the plan as a single-key object ({@code - deploy: {...}}). Each kind states whether
 * it can be undone; irreversible steps mark the point of no return.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.WRAPPER_OBJECT)
@JsonSubTypes({
  @JsonSubTypes.Type(value = Step.Preflight.class, name = "preflight"),
  @JsonSubTypes.Type(value = Step.Apply.class, name = "apply"),
  @JsonSubTypes.Type(value = Step.Deploy.class, name = "deploy"),
  @JsonSubTypes.Type(value = Step.Scale.class, name = "scale"),
  @JsonSubTypes.Type(value = Step.SetImage.class, name = "setImage"),
  @JsonSubTypes.Type(value = Step.Switch.class, name = "switch"),
  @JsonSubTypes.Type(value = Step.Canary.class, name = "canary"),
  @JsonSubTypes.Type(value = Step.Observe.class, name = "observe"),
  @JsonSubTypes.Type(value = Step.Analysis.class, name = "analysis"),
  @JsonSubTypes.Type(value = Step.Baseline.class, name = "baseline"),
  @JsonSubTypes.Type(value = Step.ParallelRun.class, name = "parallelRun"),
  @JsonSubTypes.Type(value = Step.Approval.class, name = "approval"),
  @JsonSubTypes.Type(value = Step.Job.class, name = "job"),
  @JsonSubTypes.Type(value = Step.Decommission.class, name = "decommission"),
})
public sealed interface Step {

  /** The key the step is written under in a plan. */
  static String kindOf(Step step) {
    for (JsonSubTypes.Type type : Step.class.getAnnotation(JsonSubTypes.class).value()) {
      if (type.value() == step.getClass()) {
        return type.name();
      }
    }
    throw new IllegalStateException("unregistered step " + step.getClass());
  }

  /** Every step key a plan may use, in declaration order. */
  static List<String> kinds() {
    return java.util.Arrays.stream(Step.class.getAnnotation(JsonSubTypes.class).value())
        .map(JsonSubTypes.Type::name)
        .toList();
  }

  /** Checks that the cluster is reachable, the objects the plan names exist and RBAC allows every verb it needs. */
  record Preflight() implements Step {}

  /** Creates each manifest, or merge-patches it onto the live object; undo restores the previous object. */
  record Apply(@Required List<Map<String, Object>> manifests) implements Step {}

  /** Applies manifests, then waits until every Deployment among them has rolled out ({@code ready} is the limit). */
  record Deploy(@Required List<Map<String, Object>> manifests, PlanDuration ready) implements Step {}

  /** Sets a Deployment's replicas and waits for it; undo restores the previous count. */
  record Scale(@Required String deployment, @Required Integer replicas, PlanDuration ready) implements Step {}

  /** Changes one container's image and waits for the rollout; undo restores the previous image. */
  record SetImage(@Required String deployment, String container, @Required String image, PlanDuration ready)
      implements Step {}

  /** Blue-green: points a Service's selector at other pods; undo restores the previous selector. */
  record Switch(@Required String service, @Required Map<String, String> selector) implements Step {}

  /**
   * Moves traffic from {@code stable} to {@code canary} through {@code weights}, observing after each weight with the
   * plan's {@code rollbackWhen} triggers; undo restores the weights seen before the first shift.
   */
  record Canary(
      @Required String stable,
      @Required String canary,
      @Required RouterSpec router,
      @Required List<Integer> weights,
      ObserveSettings observe)
      implements Step {}

  /**
   * How long a canary watches each weight, how often it samples, and, when {@code metrics} is given, which metrics'
   * triggers it watches (default: every {@code rollbackWhen} trigger).
   */
  record ObserveSettings(PlanDuration each, PlanDuration interval, List<String> metrics) {
    public ObserveSettings(PlanDuration each, PlanDuration interval) {
      this(each, interval, null);
    }
  }

  /** Watches the plan's triggers (or the listed metrics' triggers) for {@code duration}. */
  record Observe(@Required PlanDuration duration, PlanDuration interval, List<String> metrics) implements Step {}

  /** Takes {@code count} samples of the listed metrics; fails after {@code failureLimit} breaching samples. */
  record Analysis(@Required List<String> metrics, Integer count, PlanDuration interval, Integer failureLimit)
      implements Step {}

  /** Measures metrics before any change (mean, p95, p99) so later gates can say {@code 2x baseline}. */
  record Baseline(@Required PlanDuration window, List<String> metrics, PlanDuration interval) implements Step {}

  /**
   * Old and new run side by side for {@code duration} on whatever traffic earlier steps arranged: a copy of it when
   * {@code mirror} is true (dual writes, a mesh's mirroring), else the new version's share. Every {@code interval} it
   * samples both sides of the compared metrics and checks the {@code rollbackWhen} triggers of {@code metrics}
   * (default: all of them), rolling back at once on a breach. At the end, each {@code compare} entry judges the new
   * version's window mean against its limit ({@code below: -5% stable} is the stable side's window mean less 5 %):
   * all hold, the migration continues; one breaks, it rolls back; a side without data, a person decides.
   */
  record ParallelRun(
      @Required PlanDuration duration,
      PlanDuration interval,
      List<String> metrics,
      @Required List<Trigger> compare,
      Boolean mirror)
      implements Step {

    public boolean mirrored() {
      return Boolean.TRUE.equals(mirror);
    }
  }

  /**
   * Waits for {@code minApprovals} distinct approvers (default 1); a reject rolls back. {@code approvers} narrows the
   * plan's list for this step.
   */
  record Approval(
      String message, Integer minApprovals, PlanDuration timeout, OnTimeout onTimeout, List<String> approvers)
      implements Step {}

  /**
   * Runs a Kubernetes Job from {@code template} and waits for it. {@code undo}, when given, is a Job template run on
   * rollback. {@code irreversible: true} marks a data step that cannot be undone.
   */
  record Job(
      @Required String name,
      @Required Map<String, Object> template,
      PlanDuration timeout,
      Map<String, Object> undo,
      Boolean irreversible)
      implements Step {}

  /** Deletes the old Deployment (and optionally its Service): the point of no return. */
  record Decommission(@Required String deployment, String service) implements Step {}

  /** Whether running the step moves the migration past the point of no return. */
  static boolean isIrreversible(Step step) {
    return step instanceof Decommission
        || (step instanceof Job job && Boolean.TRUE.equals(job.irreversible()) && job.undo() == null);
  }
}
