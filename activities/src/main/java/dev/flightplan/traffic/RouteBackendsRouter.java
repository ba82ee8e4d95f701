package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.OpenShiftRouteRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenShift Route split between {@code spec.to} (the stable Service) and one of {@code
 * spec.alternateBackends} (the canary Service, added when absent). The router (HAProxy) shares
 * requests in proportion to the weights, 100 by default each; weight w writes 100 − w and w, as
 * {@code oc set route-backends} would. Undo puts {@code spec.to} and {@code spec.alternateBackends}
 * back exactly, including their absence.
 */
public final class RouteBackendsRouter implements Router {

  public static final String NAME = "openshiftRoute";

  private static final Logger log = LoggerFactory.getLogger(RouteBackendsRouter.class);

  /** OpenShift's weight for a backend that names none. */
  private static final int DEFAULT_WEIGHT = 100;

  private final RouterObjects objects;

  public RouteBackendsRouter(ClusterObjects objects) {
    this.objects = new RouterObjects(objects);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    OpenShiftRouteRouter spec = spec(request);
    Map<String, Object> routeSpec = routeSpec(request, spec);
    String canary = canaryService(request, spec);
    Map<String, Object> to = checkedTo(routeSpec, spec, canary);
    int stableWeight = Weights.weight(to.get("weight"), DEFAULT_WEIGHT, "spec.to");
    int canaryWeight = 0;
    int othersWeight = 0;
    for (Map<String, Object> backend : JsonMaps.maps(routeSpec, "alternateBackends")) {
      int weight = Weights.weight(backend.get("weight"), DEFAULT_WEIGHT, "alternate backend");
      if (isCanary(backend, canary)) {
        canaryWeight += weight;
      } else {
        othersWeight += weight;
      }
    }
    Map<String, Object> snapshot = Weights.snapshot("route", spec.route());
    Weights.copyIfPresent(routeSpec, "to", snapshot);
    Weights.copyIfPresent(routeSpec, "alternateBackends", snapshot);
    return new TrafficState(
        Weights.percent(canaryWeight, stableWeight + canaryWeight + othersWeight), snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    OpenShiftRouteRouter spec = spec(request);
    String canary = canaryService(request, spec);
    objects.edit(
        RouterObjects.ROUTE,
        request.namespace(),
        spec.route(),
        NAME,
        route -> {
          Map<String, Object> routeSpec = JsonMaps.child(route, "spec");
          checkedTo(routeSpec, spec, canary).put("weight", 100 - canaryWeight);
          List<Map<String, Object>> backends = new ArrayList<>();
          boolean found = false;
          for (Map<String, Object> backend : JsonMaps.maps(routeSpec, "alternateBackends")) {
            if (isCanary(backend, canary)) {
              backend.put("weight", found ? 0 : canaryWeight);
              found = true;
            } else if (Weights.weight(backend.get("weight"), DEFAULT_WEIGHT, "backend") != 0) {
              throw KubernetesErrors.badInput(
                  "Route "
                      + request.namespace()
                      + "/"
                      + spec.route()
                      + " also sends traffic to "
                      + backend.get("name")
                      + ": the openshiftRoute router splits between spec.to and the canary only;"
                      + " set that backend's weight to 0 or remove it");
            }
            backends.add(backend);
          }
          if (!found) {
            Map<String, Object> backend = new LinkedHashMap<>();
            backend.put("kind", "Service");
            backend.put("name", canary);
            backend.put("weight", canaryWeight);
            backends.add(backend);
          }
          routeSpec.put("alternateBackends", backends);
          return route;
        });
    log.info(
        "Route {}/{}: {} weight {}, {} weight {}",
        request.namespace(),
        spec.route(),
        request.stable(),
        100 - canaryWeight,
        canary,
        canaryWeight);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    OpenShiftRouteRouter spec = spec(request);
    objects.edit(
        RouterObjects.ROUTE,
        request.namespace(),
        spec.route(),
        NAME,
        route -> {
          Map<String, Object> routeSpec = JsonMaps.child(route, "spec");
          Weights.putBack(before.snapshot(), "to", routeSpec);
          Weights.putBack(before.snapshot(), "alternateBackends", routeSpec);
          return route;
        });
  }

  private Map<String, Object> routeSpec(TrafficRequest request, OpenShiftRouteRouter spec) {
    Map<String, Object> route =
        objects.get(RouterObjects.ROUTE, request.namespace(), spec.route(), NAME);
    Map<String, Object> routeSpec = JsonMaps.map(route, "spec");
    return routeSpec == null ? new LinkedHashMap<>() : routeSpec;
  }

  /** {@code spec.to}, which must name a backend other than the canary. */
  private static Map<String, Object> checkedTo(
      Map<String, Object> routeSpec, OpenShiftRouteRouter spec, String canary) {
    Map<String, Object> to = JsonMaps.map(routeSpec, "to");
    if (to == null || to.get("name") == null) {
      throw KubernetesErrors.badInput("Route " + spec.route() + " has no spec.to backend");
    }
    if (isCanary(to, canary)) {
      throw KubernetesErrors.badInput(
          "Route "
              + spec.route()
              + " already sends spec.to to the canary "
              + canary
              + ": spec.to must be the stable Service");
    }
    return to;
  }

  private static boolean isCanary(Map<String, Object> backend, String canary) {
    Object kind = backend.get("kind");
    return canary.equals(backend.get("name")) && (kind == null || "Service".equals(kind));
  }

  private static String canaryService(TrafficRequest request, OpenShiftRouteRouter spec) {
    return spec.canaryService() != null ? spec.canaryService() : request.canary();
  }

  private static OpenShiftRouteRouter spec(TrafficRequest request) {
    OpenShiftRouteRouter spec = request.router() == null ? null : request.router().openshiftRoute();
    if (spec == null || spec.route() == null || spec.route().isBlank()) {
      throw KubernetesErrors.badInput(
          "the openshiftRoute router needs router.openshiftRoute.route");
    }
    return spec;
  }
}
