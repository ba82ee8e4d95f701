package dev.flightplan.plan;

import java.util.Map;

/**
 * How a canary moves traffic. Exactly one router is set. Routers read the current weights first (the undo record),
 * set the target, read back to verify, and treat "already there" as success.
 */
@ExactlyOne(label = "router")
public record RouterSpec(ServiceRouter service, ReplicasRouter replicas) {

  /**
   * Blue-green through a Service selector: every weight below 100 keeps the stable selector, 100 flips to the canary
   * selector. {@code stableSelector} defaults to the selector the Service has when the step starts.
   */
  public record ServiceRouter(
      @Required String service, Map<String, String> stableSelector, @Required Map<String, String> canarySelector) {}

  /**
   * No mesh: one Service selects both Deployments and the weight is the canary's share of {@code totalReplicas}
   * (default: the stable Deployment's replicas when the step starts).
   */
  public record ReplicasRouter(Integer totalReplicas) {}

  public String name() {
    if (service != null) {
      return "service";
    }
    return replicas != null ? "replicas" : "none";
  }
}
