package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.ArgoRolloutRouter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an existing Argo Rollouts canary Rollout by owning its steps. Weight w replaces {@code
 * spec.strategy.canary.steps} with {@code [{setWeight: w}, {pause: {}}]}: Argo restarts a Rollout's
 * steps whenever they change, so its controller sets the weight (through whatever traffic routing
 * the Rollout has) and holds at the indefinite pause until the next shift. A paused ({@code
 * spec.paused}) or aborted ({@code status.abort}) Rollout is resumed, as {@code kubectl argo
 * rollouts retry} would. Weight 100 also holds at the pause: the canary takes all traffic but the
 * Rollout is not promoted; {@code kubectl argo rollouts promote} (or a later step) finishes it.
 *
 * <p>The current weight is what the controller reports ({@code
 * status.canary.weights.canary.weight}) or, for Rollouts without traffic routing, the {@code
 * setWeight} of the current step (Argo's own rule); an aborted Rollout is at 0. Until the
 * controller has acted on a new step the read-back disagrees, and the activity retries. Undo puts
 * {@code spec.strategy.canary.steps}, {@code spec.paused} and {@code status.abort} back exactly;
 * Argo then restarts the Rollout's own steps from the first.
 */
public final class RolloutStepsRouter implements Router {

  public static final String NAME = "argoRollout";

  private static final Logger log = LoggerFactory.getLogger(RolloutStepsRouter.class);

  private final RouterObjects objects;

  public RolloutStepsRouter(ClusterObjects objects) {
    this.objects = new RouterObjects(objects);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    ArgoRolloutRouter spec = spec(request);
    Map<String, Object> rollout =
        objects.get(RouterObjects.ROLLOUT, request.namespace(), spec.rollout(), NAME);
    Map<String, Object> canary = canaryStrategy(rollout, spec);
    Map<String, Object> snapshot = Weights.snapshot("rollout", spec.rollout());
    Weights.copyIfPresent(canary, "steps", snapshot);
    Weights.copyIfPresent(JsonMaps.map(rollout, "spec"), "paused", snapshot);
    Map<String, Object> status = JsonMaps.map(rollout, "status");
    Weights.copyIfPresent(status, "abort", snapshot);
    return new TrafficState(currentWeight(canary, status), snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    ArgoRolloutRouter spec = spec(request);
    objects.edit(
        RouterObjects.ROLLOUT,
        request.namespace(),
        spec.rollout(),
        NAME,
        rollout -> {
          canaryStrategy(rollout, spec).put("steps", steps(canaryWeight));
          Map<String, Object> rolloutSpec = JsonMaps.child(rollout, "spec");
          if (Boolean.TRUE.equals(rolloutSpec.get("paused"))) {
            rolloutSpec.put("paused", false);
          }
          return rollout;
        });
    objects.editStatus(
        RouterObjects.ROLLOUT,
        request.namespace(),
        spec.rollout(),
        NAME,
        rollout -> {
          Map<String, Object> status = JsonMaps.map(rollout, "status");
          if (status != null && Boolean.TRUE.equals(status.get("abort"))) {
            status.put("abort", false);
          }
          return rollout;
        });
    log.info(
        "Rollout {}/{}: steps set to weight {} and hold",
        request.namespace(),
        spec.rollout(),
        canaryWeight);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    ArgoRolloutRouter spec = spec(request);
    Map<String, Object> saved = before.snapshot();
    objects.edit(
        RouterObjects.ROLLOUT,
        request.namespace(),
        spec.rollout(),
        NAME,
        rollout -> {
          Weights.putBack(saved, "steps", canaryStrategy(rollout, spec));
          Weights.putBack(saved, "paused", JsonMaps.child(rollout, "spec"));
          return rollout;
        });
    objects.editStatus(
        RouterObjects.ROLLOUT,
        request.namespace(),
        spec.rollout(),
        NAME,
        rollout -> {
          Weights.putBack(saved, "abort", JsonMaps.child(rollout, "status"));
          return rollout;
        });
  }

  /**
   * Written weight and status must agree: the steps are ours and the controller has applied them.
   */
  @Override
  public boolean reached(TrafficRequest request, TrafficState state, int canaryWeight) {
    return state.canaryWeight() == canaryWeight
        && JsonMaps.same(state.snapshot().get("steps"), steps(canaryWeight))
        && !Boolean.TRUE.equals(state.snapshot().get("abort"))
        && !Boolean.TRUE.equals(state.snapshot().get("paused"));
  }

  static List<Object> steps(int canaryWeight) {
    Map<String, Object> setWeight = new LinkedHashMap<>();
    setWeight.put("setWeight", canaryWeight);
    Map<String, Object> pause = new LinkedHashMap<>();
    pause.put("pause", new LinkedHashMap<>());
    return List.of(setWeight, pause);
  }

  /**
   * What the controller reports, else Argo's rule: the last {@code setWeight} at or before the
   * current step, 100 once every step is done, 0 when aborted.
   */
  private static int currentWeight(Map<String, Object> canary, Map<String, Object> status) {
    if (status != null && Boolean.TRUE.equals(status.get("abort"))) {
      return 0;
    }
    Object reported = JsonMaps.at(status, "canary", "weights", "canary", "weight");
    if (reported instanceof Number weight) {
      return weight.intValue();
    }
    List<Map<String, Object>> steps = JsonMaps.maps(canary, "steps");
    int index = JsonMaps.intAt(status, 0, "currentStepIndex");
    if (index >= steps.size()) {
      return 100;
    }
    for (int i = index; i >= 0; i--) {
      if (steps.get(i).get("setWeight") instanceof Number weight) {
        return weight.intValue();
      }
    }
    return 0;
  }

  private static Map<String, Object> canaryStrategy(
      Map<String, Object> rollout, ArgoRolloutRouter spec) {
    Map<String, Object> canary =
        JsonMaps.map(JsonMaps.map(JsonMaps.map(rollout, "spec"), "strategy"), "canary");
    if (canary == null) {
      throw KubernetesErrors.badInput(
          "Rollout "
              + spec.rollout()
              + " has no canary strategy (spec.strategy.canary): the argoRollout router drives"
              + " canary Rollouts only");
    }
    return canary;
  }

  private static ArgoRolloutRouter spec(TrafficRequest request) {
    ArgoRolloutRouter spec = request.router() == null ? null : request.router().argoRollout();
    if (spec == null || spec.rollout() == null || spec.rollout().isBlank()) {
      throw KubernetesErrors.badInput("the argoRollout router needs router.argoRollout.rollout");
    }
    return spec;
  }
}
