package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.NginxRouter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NGINX Ingress canary annotations on the canary's own Ingress: {@value #CANARY} {@code "true"} and
 * {@value #WEIGHT} the canary's share of {@value #TOTAL} (100 unless the Ingress sets it). Weight
 * 100 keeps the Ingress a canary at its full weight, which sends every request to it; the main
 * Ingress is left for the plan to change. Undo puts the three annotations back exactly, absent ones
 * included.
 */
public final class NginxCanaryRouter implements Router {

  public static final String NAME = "nginx";

  static final String CANARY = "nginx.ingress.kubernetes.io/canary";
  static final String WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";
  static final String TOTAL = "nginx.ingress.kubernetes.io/canary-weight-total";
  private static final List<String> ANNOTATIONS = List.of(CANARY, WEIGHT, TOTAL);

  private static final Logger log = LoggerFactory.getLogger(NginxCanaryRouter.class);

  private final RouterObjects objects;

  public NginxCanaryRouter(ClusterObjects objects) {
    this.objects = new RouterObjects(objects);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    NginxRouter spec = spec(request);
    Map<String, Object> ingress =
        objects.get(RouterObjects.INGRESS, request.namespace(), spec.canaryIngress(), NAME);
    Map<String, Object> annotations =
        JsonMaps.map(JsonMaps.map(ingress, "metadata"), "annotations");
    Map<String, Object> kept = new LinkedHashMap<>();
    for (String key : ANNOTATIONS) {
      Weights.copyIfPresent(annotations, key, kept);
    }
    Map<String, Object> snapshot = Weights.snapshot("canaryIngress", spec.canaryIngress());
    snapshot.put("annotations", kept);
    int weight =
        "true".equals(kept.get(CANARY)) ? Weights.percent(number(kept, WEIGHT, 0), total(kept)) : 0;
    return new TrafficState(weight, snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    NginxRouter spec = spec(request);
    objects.edit(
        RouterObjects.INGRESS,
        request.namespace(),
        spec.canaryIngress(),
        NAME,
        ingress -> {
          Map<String, Object> annotations =
              JsonMaps.child(JsonMaps.child(ingress, "metadata"), "annotations");
          long weight = Math.round(canaryWeight * total(annotations) / 100.0);
          annotations.put(CANARY, "true");
          annotations.put(WEIGHT, Long.toString(weight));
          return ingress;
        });
    log.info(
        "Ingress {}/{}: canary weight {}%",
        request.namespace(), spec.canaryIngress(), canaryWeight);
  }

  @Override
  @SuppressWarnings("unchecked")
  public void restore(TrafficRequest request, TrafficState before) {
    NginxRouter spec = spec(request);
    if (!(before.snapshot().get("annotations") instanceof Map<?, ?> saved)) {
      throw KubernetesErrors.badInput("nginx router snapshot lacks its annotations: " + before);
    }
    objects.edit(
        RouterObjects.INGRESS,
        request.namespace(),
        spec.canaryIngress(),
        NAME,
        ingress -> {
          Map<String, Object> metadata = JsonMaps.child(ingress, "metadata");
          Map<String, Object> annotations = JsonMaps.child(metadata, "annotations");
          for (String key : ANNOTATIONS) {
            Weights.putBack((Map<String, Object>) saved, key, annotations);
          }
          if (annotations.isEmpty()) {
            metadata.remove("annotations");
          }
          return ingress;
        });
  }

  private static int total(Map<String, Object> annotations) {
    int total = number(annotations, TOTAL, 100);
    if (total <= 0) {
      throw KubernetesErrors.badInput(TOTAL + " must be positive, not " + total);
    }
    return total;
  }

  private static int number(Map<String, Object> annotations, String key, int fallback) {
    Object value = annotations == null ? null : annotations.get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw KubernetesErrors.badInput(
          "annotation " + key + " is '" + value + "', not a whole number");
    }
  }

  private static NginxRouter spec(TrafficRequest request) {
    NginxRouter spec = request.router() == null ? null : request.router().nginx();
    if (spec == null || spec.canaryIngress() == null || spec.canaryIngress().isBlank()) {
      throw KubernetesErrors.badInput("the nginx router needs router.nginx.canaryIngress");
    }
    return spec;
  }
}
