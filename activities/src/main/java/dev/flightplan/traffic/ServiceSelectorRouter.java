package dev.flightplan.traffic;

import dev.flightplan.activities.ObjectRef;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec.ServiceRouter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blue-green through a Service's selector: at weight 100 the Service selects the canary, below 100
 * the stable backend. The canary's weight is 100 exactly when the selector equals {@code
 * canarySelector}, otherwise 0.
 */
public final class ServiceSelectorRouter implements Router {

  public static final String NAME = "service";

  private static final Logger log = LoggerFactory.getLogger(ServiceSelectorRouter.class);

  private final ClusterObjects objects;

  public ServiceSelectorRouter(ClusterObjects objects) {
    this.objects = objects;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public TrafficState read(TrafficRequest request) {
    ServiceRouter spec = spec(request);
    ObjectRef ref = service(request, spec);
    Map<String, Object> service =
        objects.get(ref).orElseThrow(() -> KubernetesErrors.notFound("read", ref));
    Map<String, String> selector = JsonMaps.strings(JsonMaps.at(service, "spec", "selector"));
    int weight = selector.equals(spec.canarySelector()) ? 100 : 0;
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put("service", spec.service());
    snapshot.put("selector", selector);
    return new TrafficState(weight, snapshot);
  }

  @Override
  public void write(TrafficRequest request, int canaryWeight) {
    ServiceRouter spec = spec(request);
    ObjectRef ref = service(request, spec);
    Map<String, String> target;
    if (canaryWeight == 100) {
      target = spec.canarySelector();
    } else if (spec.stableSelector() != null && !spec.stableSelector().isEmpty()) {
      target = spec.stableSelector();
    } else {
      // Without a configured stable selector, the stable one is whatever the Service selected
      // before the flip.
      Map<String, String> current = JsonMaps.strings(read(request).snapshot().get("selector"));
      if (current.equals(spec.canarySelector())) {
        throw KubernetesErrors.badInput(
            ref
                + " already selects the canary "
                + current
                + "; set router.service.stableSelector to say what"
                + " selects the stable backend");
      }
      target = current;
    }
    setSelector(ref, target);
    log.info("{}: canary weight {} -> selector {}", ref, canaryWeight, target);
  }

  @Override
  public void restore(TrafficRequest request, TrafficState before) {
    ServiceRouter spec = spec(request);
    setSelector(service(request, spec), JsonMaps.strings(before.snapshot().get("selector")));
  }

  @Override
  public boolean reached(TrafficRequest request, TrafficState state, int canaryWeight) {
    return state.canaryWeight() == (canaryWeight == 100 ? 100 : 0);
  }

  private void setSelector(ObjectRef ref, Map<String, String> selector) {
    objects.edit(
        ref,
        service -> {
          Map<String, Object> serviceSpec = JsonMaps.child(service, "spec");
          if (selector.isEmpty()) {
            serviceSpec.remove("selector");
          } else {
            serviceSpec.put("selector", new LinkedHashMap<>(selector));
          }
          return service;
        });
  }

  private static ServiceRouter spec(TrafficRequest request) {
    ServiceRouter spec = request.router() == null ? null : request.router().service();
    if (spec == null
        || spec.service() == null
        || spec.canarySelector() == null
        || spec.canarySelector().isEmpty()) {
      throw KubernetesErrors.badInput(
          "the service router needs router.service.service and canarySelector");
    }
    return spec;
  }

  private static ObjectRef service(TrafficRequest request, ServiceRouter spec) {
    return new ObjectRef("v1", "Service", request.namespace(), spec.service());
  }
}
