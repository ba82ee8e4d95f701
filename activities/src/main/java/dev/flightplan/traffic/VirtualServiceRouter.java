package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.IstioRouter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination weights of one {@code http[]} route in an Istio VirtualService. Stable and canary
 * destinations are told apart by host, or by subset of one host; a missing canary destination is
 * added next to the stable one (same port). With {@code mirror: true} the weights are left alone
 * and the canary weight is the share of requests mirrored to the canary ({@code mirror}, {@code
 * mirrorPercentage}); at 0 the mirror is removed. Undo puts the route's {@code route}, {@code
 * mirror} and {@code mirrorPercentage} back exactly.
 */
public final class VirtualServiceRouter implements Router {

  public static final String NAME = "istio";

  private static final Logger log = LoggerFactory.getLogger(VirtualServiceRouter.class);

  private final RouterObjects objects;

  public VirtualServiceRouter(ClusterObjects objects) {
    this.objects = new RouterObjects(objects);
  }

  /** Where the stable and canary destinations are, as this plan names them. */
  private record Sides(
      String stableHost, String canaryHost, String stableSubset, String canarySubset) {

    static Sides of(TrafficRequest request, IstioRouter spec) {
      if (spec.bySubset()) {
        return new Sides(spec.host(), spec.host(), spec.stableSubset(), spec.canarySubset());
      }
      return new Sides(
          spec.stableHost() != null ? spec.stableHost() : request.stable(),
          spec.canaryHost() != null ? spec.canaryHost() : request.canary(),
          null,
          null);
    }

    boolean isStable(Map<String, Object> destination) {
      return matches(destination, stableHost, stableSubset);
    }

    boolean isCanary(Map<String, Object> destination) {
      return matches(destination, canaryHost, canarySubset);
    }

    Map<String, Object> canaryDestination(Map<String, Object> stable) {
      Map<String, Object> destination = new LinkedHashMap<>();
      destination.put("host", canaryHost);
      if (canarySubset != null) {
        destination.put("subset", canarySubset);
      }
      if (stable != null && stable.get("port") != null) {
        destination.put("port", JsonMaps.deepCopy(stable.get("port")));
      }
      return destination;
    }

    /** Istio accepts short names and FQDNs for the same Service: reviews, reviews.shop.svc... */
    private static boolean matches(Map<String, Object> destination, String host, String subset) {
      if (destination == null || !(destination.get("host") instanceof String actual)) {
        return false;
      }
      boolean sameHost = actual.equals(host) || actual.startsWith(host + ".");
      return sameHost && (subset == null || subset.equals(destination.get("subset")));
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    IstioRouter spec = spec(request);
    Sides sides = Sides.of(request, spec);
    Map<String, Object> vs =
        objects.get(
            RouterObjects.VIRTUAL_SERVICE, request.namespace(), spec.virtualService(), NAME);
    int index = routeIndex(vs, spec);
    Map<String, Object> http = JsonMaps.maps(JsonMaps.map(vs, "spec"), "http").get(index);
    Map<String, Object> snapshot = Weights.snapshot("virtualService", spec.virtualService());
    snapshot.put("http", index);
    Weights.copyIfPresent(http, "route", snapshot);
    Weights.copyIfPresent(http, "mirror", snapshot);
    Weights.copyIfPresent(http, "mirrorPercentage", snapshot);
    int weight = spec.mirrors() ? mirrored(http, sides) : routed(http, sides);
    return new TrafficState(weight, snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    IstioRouter spec = spec(request);
    Sides sides = Sides.of(request, spec);
    objects.edit(
        RouterObjects.VIRTUAL_SERVICE,
        request.namespace(),
        spec.virtualService(),
        NAME,
        vs -> {
          int index = routeIndex(vs, spec);
          Map<String, Object> http = JsonMaps.maps(JsonMaps.map(vs, "spec"), "http").get(index);
          if (spec.mirrors()) {
            mirror(http, sides, canaryWeight);
          } else {
            route(http, sides, canaryWeight, spec);
          }
          return vs;
        });
    log.info(
        "VirtualService {}/{}: canary {} {} {}%",
        request.namespace(),
        spec.virtualService(),
        sides.canaryHost() + (sides.canarySubset() == null ? "" : "/" + sides.canarySubset()),
        spec.mirrors() ? "mirrored" : "weight",
        canaryWeight);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    IstioRouter spec = spec(request);
    Object index = before.snapshot().get("http");
    if (!(index instanceof Number number)) {
      throw KubernetesErrors.badInput("istio router snapshot lacks its http route: " + before);
    }
    objects.edit(
        RouterObjects.VIRTUAL_SERVICE,
        request.namespace(),
        spec.virtualService(),
        NAME,
        vs -> {
          List<Map<String, Object>> routes = JsonMaps.maps(JsonMaps.map(vs, "spec"), "http");
          if (number.intValue() >= routes.size()) {
            throw KubernetesErrors.badInput(
                "VirtualService " + spec.virtualService() + " lost http route " + index);
          }
          Map<String, Object> http = routes.get(number.intValue());
          Weights.putBack(before.snapshot(), "route", http);
          Weights.putBack(before.snapshot(), "mirror", http);
          Weights.putBack(before.snapshot(), "mirrorPercentage", http);
          return vs;
        });
  }

  private static int routed(Map<String, Object> http, Sides sides) {
    List<Map<String, Object>> destinations = JsonMaps.maps(http, "route");
    // Istio: a lone destination takes all traffic; with several, an unset weight is 0.
    int fallback = destinations.size() == 1 ? 100 : 0;
    int canary = 0;
    int total = 0;
    for (Map<String, Object> destination : destinations) {
      int weight = Weights.weight(destination.get("weight"), fallback, "destination");
      total += weight;
      if (sides.isCanary(JsonMaps.map(destination, "destination"))) {
        canary += weight;
      }
    }
    return Weights.percent(canary, total);
  }

  private static int mirrored(Map<String, Object> http, Sides sides) {
    if (!sides.isCanary(JsonMaps.map(http, "mirror"))) {
      return 0;
    }
    // Without mirrorPercentage Istio mirrors every request.
    Object value = JsonMaps.at(http, "mirrorPercentage", "value");
    return value instanceof Number percent ? (int) Math.round(percent.doubleValue()) : 100;
  }

  private static void route(
      Map<String, Object> http, Sides sides, int canaryWeight, IstioRouter spec) {
    List<Map<String, Object>> destinations = new ArrayList<>(JsonMaps.maps(http, "route"));
    Map<String, Object> stable = null;
    Map<String, Object> canary = null;
    List<Object> others = new ArrayList<>();
    for (Map<String, Object> destination : destinations) {
      Map<String, Object> target = JsonMaps.map(destination, "destination");
      if (sides.isCanary(target) && canary == null) {
        canary = destination;
      } else if (sides.isStable(target) && stable == null) {
        stable = destination;
      } else if (Weights.weight(destination.get("weight"), 0, "destination") != 0
          || destinations.size() == 1) {
        others.add(target);
      }
    }
    if (stable == null) {
      throw KubernetesErrors.badInput(
          "VirtualService "
              + spec.virtualService()
              + " has no destination for the stable side (host "
              + sides.stableHost()
              + (sides.stableSubset() == null ? "" : ", subset " + sides.stableSubset())
              + "); it routes to "
              + others);
    }
    if (!others.isEmpty()) {
      throw KubernetesErrors.badInput(
          "VirtualService "
              + spec.virtualService()
              + " also routes to "
              + others
              + ": the istio router splits between the stable and canary destinations only");
    }
    if (canary == null) {
      canary = new LinkedHashMap<>();
      canary.put("destination", sides.canaryDestination(JsonMaps.map(stable, "destination")));
      destinations.add(destinations.indexOf(stable) + 1, canary);
    }
    stable.put("weight", 100 - canaryWeight);
    canary.put("weight", canaryWeight);
    http.put("route", destinations);
  }

  private static void mirror(Map<String, Object> http, Sides sides, int canaryWeight) {
    if (canaryWeight == 0) {
      http.remove("mirror");
      http.remove("mirrorPercentage");
      return;
    }
    Map<String, Object> stable =
        JsonMaps.maps(http, "route").stream()
            .map(d -> JsonMaps.map(d, "destination"))
            .filter(sides::isStable)
            .findFirst()
            .orElse(null);
    http.put("mirror", sides.canaryDestination(stable));
    Map<String, Object> percentage = new LinkedHashMap<>();
    percentage.put("value", (double) canaryWeight);
    http.put("mirrorPercentage", percentage);
  }

  /** The position of the named http route, or of the first when none is named. */
  private static int routeIndex(Map<String, Object> vs, IstioRouter spec) {
    List<Map<String, Object>> routes = JsonMaps.maps(JsonMaps.map(vs, "spec"), "http");
    if (routes.isEmpty()) {
      throw KubernetesErrors.badInput(
          "VirtualService " + spec.virtualService() + " has no http routes");
    }
    if (spec.route() == null) {
      return 0;
    }
    List<Object> names = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      Object name = routes.get(i).get("name");
      if (spec.route().equals(name)) {
        return i;
      }
      names.add(name);
    }
    throw KubernetesErrors.badInput(
        "VirtualService "
            + spec.virtualService()
            + " has no http route named '"
            + spec.route()
            + "' (it has "
            + names
            + ")");
  }

  private static IstioRouter spec(TrafficRequest request) {
    IstioRouter spec = request.router() == null ? null : request.router().istio();
    if (spec == null || spec.virtualService() == null || spec.virtualService().isBlank()) {
      throw KubernetesErrors.badInput("the istio router needs router.istio.virtualService");
    }
    if (spec.bySubset()
        && (spec.host() == null || spec.stableSubset() == null || spec.canarySubset() == null)) {
      throw KubernetesErrors.badInput(
          "the istio router needs host, stableSubset and canarySubset together");
    }
    return spec;
  }
}
