package dev.flightplan.traffic;

import dev.flightplan.activities.ObjectRef;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.ReplicasRouter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No mesh: one Service selects the pods of both Deployments, so the canary's share of traffic is
 * its share of the replicas. Weight w gives the canary round(total × w / 100) replicas and the
 * stable Deployment the rest, where total is {@code totalReplicas} or, by default, the replicas
 * both have now (a sum every write keeps). The Deployment that grows is scaled first, so capacity
 * never dips during a shift.
 */
public final class ReplicaRatioRouter implements Router {

  public static final String NAME = "replicas";

  private static final Logger log = LoggerFactory.getLogger(ReplicaRatioRouter.class);

  private final ClusterObjects objects;

  public ReplicaRatioRouter(ClusterObjects objects) {
    this.objects = objects;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    int stable = replicas(live(request, request.stable()));
    int canary = replicas(live(request, request.canary()));
    int total = stable + canary;
    int weight = total == 0 ? 0 : (int) Math.round(100.0 * canary / total);
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("stable", side(request.stable(), stable));
    snapshot.put("canary", side(request.canary(), canary));
    return new TrafficState(weight, snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    TrafficState now = read(request);
    int total = total(request, now);
    if (total <= 0) {
      throw KubernetesErrors.badInput(
          "Deployments "
              + request.stable()
              + " and "
              + request.canary()
              + " have no replicas to split;"
              + " set router.replicas.totalReplicas");
    }
    int canary = canaryReplicas(total, canaryWeight);
    scaleBoth(request, now, total - canary, canary);
    log.info(
        "{}/{}: canary weight {} -> {} stable, {} canary replicas",
        request.namespace(),
        request.canary(),
        canaryWeight,
        total - canary,
        canary);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    scaleBoth(request, read(request), count(before, "stable"), count(before, "canary"));
  }

  @Override
  public boolean reached(TrafficRequest request, TrafficState state, int canaryWeight) {
    int total = total(request, state);
    if (total <= 0) {
      return false; // no split at all: let write() say why
    }
    int canary = canaryReplicas(total, canaryWeight);
    return count(state, "canary") == canary && count(state, "stable") == total - canary;
  }

  private void scaleBoth(TrafficRequest request, TrafficState now, int stable, int canary) {
    boolean canaryGrows = canary > count(now, "canary");
    if (canaryGrows) {
      scale(request, request.canary(), canary);
      scale(request, request.stable(), stable);
    } else {
      scale(request, request.stable(), stable);
      scale(request, request.canary(), canary);
    }
  }

  private void scale(TrafficRequest request, String name, int replicas) {
    objects.edit(
        deployment(request.namespace(), name),
        deployment -> {
          JsonMaps.child(deployment, "spec").put("replicas", replicas);
          return deployment;
        });
  }

  private Map<String, Object> live(TrafficRequest request, String name) {
    ObjectRef ref = deployment(request.namespace(), name);
    return objects.get(ref).orElseThrow(() -> KubernetesErrors.notFound("read", ref));
  }

  private static ObjectRef deployment(String namespace, String name) {
    if (name == null || name.isBlank()) {
      throw KubernetesErrors.badInput(
          "the replicas router needs both a stable and a canary Deployment");
    }
    return new ObjectRef("apps/v1", "Deployment", namespace, name);
  }

  private static int total(TrafficRequest request, TrafficState state) {
    ReplicasRouter spec = request.router() == null ? null : request.router().replicas();
    if (spec != null && spec.totalReplicas() != null) {
      return spec.totalReplicas();
    }
    return count(state, "stable") + count(state, "canary");
  }

  private static int canaryReplicas(int total, int canaryWeight) {
    return (int) Math.round(total * canaryWeight / 100.0);
  }

  private static int replicas(Map<String, Object> deployment) {
    return JsonMaps.intAt(deployment, 1, "spec", "replicas");
  }

  private static Map<String, Object> side(String deployment, int replicas) {
    Map<String, Object> side = new LinkedHashMap<>();
    side.put("deployment", deployment);
    side.put("replicas", replicas);
    return side;
  }

  @SuppressWarnings("unchecked")
  private static int count(TrafficState state, String side) {
    Object entry = state.snapshot() == null ? null : state.snapshot().get(side);
    if (!(entry instanceof Map<?, ?> map) || !(map.get("replicas") instanceof Number replicas)) {
      throw KubernetesErrors.badInput(
          "replicas router snapshot lacks " + side + ".replicas: " + state.snapshot());
    }
    return replicas.intValue();
  }
}
