package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.GatewayApiRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code backendRefs[].weight} of the stable and canary Services in one rule of a Gateway API
 * HTTPRoute. Gateways share requests in proportion to the weights (1 when unset); weight w writes
 * 100 − w and w. A missing canary backend is added after the stable one, on the same port. Undo
 * puts the rule's {@code backendRefs} back exactly.
 */
public final class HttpRouteBackendsRouter implements Router {

  public static final String NAME = "gatewayApi";

  private static final Logger log = LoggerFactory.getLogger(HttpRouteBackendsRouter.class);

  /** The Gateway API's weight for a backendRef that names none. */
  private static final int DEFAULT_WEIGHT = 1;

  private final RouterObjects objects;

  public HttpRouteBackendsRouter(ClusterObjects objects) {
    this.objects = new RouterObjects(objects);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    GatewayApiRouter spec = spec(request);
    String canary = service(spec.canaryService(), request.canary());
    Map<String, Object> route =
        objects.get(RouterObjects.HTTP_ROUTE, request.namespace(), spec.httpRoute(), NAME);
    int index = ruleIndex(route, spec);
    Map<String, Object> rule = rules(route).get(index);
    int canaryWeight = 0;
    int total = 0;
    for (Map<String, Object> backend : JsonMaps.maps(rule, "backendRefs")) {
      int weight = Weights.weight(backend.get("weight"), DEFAULT_WEIGHT, "backendRef");
      total += weight;
      if (isService(backend, canary)) {
        canaryWeight += weight;
      }
    }
    Map<String, Object> snapshot = Weights.snapshot("httpRoute", spec.httpRoute());
    snapshot.put("rule", index);
    Weights.copyIfPresent(rule, "backendRefs", snapshot);
    return new TrafficState(Weights.percent(canaryWeight, total), snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    GatewayApiRouter spec = spec(request);
    String stableName = service(spec.stableService(), request.stable());
    String canaryName = service(spec.canaryService(), request.canary());
    objects.edit(
        RouterObjects.HTTP_ROUTE,
        request.namespace(),
        spec.httpRoute(),
        NAME,
        route -> {
          Map<String, Object> rule = rules(route).get(ruleIndex(route, spec));
          List<Map<String, Object>> backends = new ArrayList<>(JsonMaps.maps(rule, "backendRefs"));
          Map<String, Object> stable = null;
          Map<String, Object> canary = null;
          for (Map<String, Object> backend : backends) {
            if (isService(backend, canaryName) && canary == null) {
              canary = backend;
            } else if (isService(backend, stableName) && stable == null) {
              stable = backend;
            } else if (Weights.weight(backend.get("weight"), DEFAULT_WEIGHT, "backendRef") != 0) {
              throw KubernetesErrors.badInput(
                  "HTTPRoute "
                      + spec.httpRoute()
                      + " also sends traffic to "
                      + backend.get("name")
                      + " in that rule: the gatewayApi router splits between "
                      + stableName
                      + " and "
                      + canaryName
                      + " only; set its weight to 0 or remove it");
            }
          }
          if (stable == null) {
            throw KubernetesErrors.badInput(
                "HTTPRoute "
                    + spec.httpRoute()
                    + " has no backendRef for the stable Service "
                    + stableName
                    + " in rule "
                    + (spec.rule() == null ? "0" : spec.rule()));
          }
          if (canary == null) {
            canary = new LinkedHashMap<>();
            for (String field : List.of("group", "kind")) {
              if (stable.containsKey(field)) {
                canary.put(field, stable.get(field));
              }
            }
            canary.put("name", canaryName);
            if (stable.containsKey("namespace")) {
              canary.put("namespace", stable.get("namespace"));
            }
            if (stable.containsKey("port")) {
              canary.put("port", stable.get("port"));
            }
            backends.add(backends.indexOf(stable) + 1, canary);
          }
          stable.put("weight", 100 - canaryWeight);
          canary.put("weight", canaryWeight);
          rule.put("backendRefs", backends);
          return route;
        });
    log.info(
        "HTTPRoute {}/{}: {} weight {}, {} weight {}",
        request.namespace(),
        spec.httpRoute(),
        stableName,
        100 - canaryWeight,
        canaryName,
        canaryWeight);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    GatewayApiRouter spec = spec(request);
    if (!(before.snapshot().get("rule") instanceof Number index)) {
      throw KubernetesErrors.badInput("gatewayApi router snapshot lacks its rule: " + before);
    }
    objects.edit(
        RouterObjects.HTTP_ROUTE,
        request.namespace(),
        spec.httpRoute(),
        NAME,
        route -> {
          List<Map<String, Object>> rules = rules(route);
          if (index.intValue() >= rules.size()) {
            throw KubernetesErrors.badInput(
                "HTTPRoute " + spec.httpRoute() + " lost rule " + index);
          }
          Weights.putBack(before.snapshot(), "backendRefs", rules.get(index.intValue()));
          return route;
        });
  }

  private static List<Map<String, Object>> rules(Map<String, Object> route) {
    return JsonMaps.maps(JsonMaps.map(route, "spec"), "rules");
  }

  /**
   * The rule the plan names: by position ("0", "2") or by its {@code name}; the first by default.
   */
  private static int ruleIndex(Map<String, Object> route, GatewayApiRouter spec) {
    List<Map<String, Object>> rules = rules(route);
    if (rules.isEmpty()) {
      throw KubernetesErrors.badInput("HTTPRoute " + spec.httpRoute() + " has no rules");
    }
    String wanted = spec.rule() == null ? "0" : spec.rule().trim();
    if (wanted.matches("\\d+")) {
      int index = Integer.parseInt(wanted);
      if (index >= rules.size()) {
        throw KubernetesErrors.badInput(
            "HTTPRoute "
                + spec.httpRoute()
                + " has "
                + rules.size()
                + " rule(s); rule "
                + index
                + " does not exist (rules count from 0)");
      }
      return index;
    }
    List<Object> names = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      if (wanted.equals(rules.get(i).get("name"))) {
        return i;
      }
      names.add(rules.get(i).get("name"));
    }
    throw KubernetesErrors.badInput(
        "HTTPRoute "
            + spec.httpRoute()
            + " has no rule named '"
            + wanted
            + "' (rule names: "
            + names
            + ")");
  }

  /** A backendRef to the Service {@code name}: kind Service in the core group, the default. */
  private static boolean isService(Map<String, Object> backend, String name) {
    Object kind = backend.get("kind");
    Object group = backend.get("group");
    return name.equals(backend.get("name"))
        && (kind == null || "Service".equals(kind))
        && (group == null || "".equals(group));
  }

  private static String service(String configured, String fallback) {
    return configured != null ? configured : fallback;
  }

  private static GatewayApiRouter spec(TrafficRequest request) {
    GatewayApiRouter spec = request.router() == null ? null : request.router().gatewayApi();
    if (spec == null || spec.httpRoute() == null || spec.httpRoute().isBlank()) {
      throw KubernetesErrors.badInput("the gatewayApi router needs router.gatewayApi.httpRoute");
    }
    return spec;
  }
}
