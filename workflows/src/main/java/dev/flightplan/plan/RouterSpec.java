package dev.flightplan.plan;

import java.util.Map;

/**
 * How a canary moves traffic. Exactly one router is set. Routers read the current weights first (the undo record),
 * set the target, read back to verify, and treat "already there" as success. Every weight is the canary's share in
 * percent; the stable backend gets the rest.
 */
@ExactlyOne(label = "router")
public record RouterSpec(
    ServiceRouter service,
    ReplicasRouter replicas,
    OpenShiftRouteRouter openshiftRoute,
    IstioRouter istio,
    GatewayApiRouter gatewayApi,
    NginxRouter nginx,
    ArgoRolloutRouter argoRollout,
    WebhookRouter webhook) {

  /** The routers that need no mesh or gateway: a Service selector flip, or a replica ratio. */
  public RouterSpec(ServiceRouter service, ReplicasRouter replicas) {
    this(service, replicas, null, null, null, null, null, null);
  }

  public static RouterSpec of(OpenShiftRouteRouter router) {
    return new RouterSpec(null, null, router, null, null, null, null, null);
  }

  public static RouterSpec of(IstioRouter router) {
    return new RouterSpec(null, null, null, router, null, null, null, null);
  }

  public static RouterSpec of(GatewayApiRouter router) {
    return new RouterSpec(null, null, null, null, router, null, null, null);
  }

  public static RouterSpec of(NginxRouter router) {
    return new RouterSpec(null, null, null, null, null, router, null, null);
  }

  public static RouterSpec of(ArgoRolloutRouter router) {
    return new RouterSpec(null, null, null, null, null, null, router, null);
  }

  public static RouterSpec of(WebhookRouter router) {
    return new RouterSpec(null, null, null, null, null, null, null, router);
  }

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

  /**
   * An OpenShift {@code route.openshift.io/v1} Route: the stable backend is {@code spec.to}, the canary the
   * {@code spec.alternateBackends[]} entry of kind Service named {@code canaryService} (default: the step's canary),
   * added when absent. Weight w sets {@code spec.to.weight} to 100 − w and the canary's weight to w.
   */
  public record OpenShiftRouteRouter(@Required String route, String canaryService) {}

  /**
   * An Istio {@code networking.istio.io/v1} VirtualService: the destination weights of the {@code http[]} route named
   * {@code route} (default: the first). Destinations are told apart by host ({@code stableHost}, {@code canaryHost},
   * default the step's stable and canary names) or by subset of one {@code host} ({@code stableSubset},
   * {@code canarySubset}). With {@code mirror: true} the stable destination keeps every request and the weight is the
   * share of requests mirrored to the canary ({@code mirror} + {@code mirrorPercentage}), for shadow runs.
   */
  public record IstioRouter(
      @Required String virtualService,
      String route,
      String host,
      String stableHost,
      String canaryHost,
      String stableSubset,
      String canarySubset,
      Boolean mirror) {

    public boolean mirrors() {
      return Boolean.TRUE.equals(mirror);
    }

    public boolean bySubset() {
      return stableSubset != null || canarySubset != null;
    }
  }

  /**
   * A Gateway API {@code gateway.networking.k8s.io/v1} HTTPRoute: the {@code backendRefs[].weight} of the stable and
   * canary Services (default: the step's stable and canary names) in one rule, given by index or by its
   * {@code name} (default: the first rule).
   */
  public record GatewayApiRouter(@Required String httpRoute, String rule, String stableService, String canaryService) {}

  /**
   * NGINX Ingress canary annotations on the canary's own Ingress ({@code networking.k8s.io/v1}):
   * {@code nginx.ingress.kubernetes.io/canary: "true"} and {@code canary-weight}. At 100 the canary Ingress stays a
   * canary at weight 100 (all traffic); making it the main Ingress is left to the plan.
   */
  public record NginxRouter(@Required String canaryIngress) {}

  /**
   * An existing Argo Rollouts {@code argoproj.io/v1alpha1} Rollout with a canary strategy. Each weight replaces
   * {@code spec.strategy.canary.steps} with {@code [{setWeight: w}, {pause: {}}]}: Argo restarts its steps when they
   * change, sets the weight and holds until the next shift. Undo puts the steps back.
   */
  public record ArgoRolloutRouter(@Required String rollout) {}

  /**
   * An HTTP endpoint of the team's API gateway: {@code GET url} answers {@code {"stable": N, "canary": M}},
   * {@code PUT url} with the same JSON sets them. Requests carry {@code X-Flightplan-Signature: sha256=<hex HMAC>} of
   * the body, keyed with the secret named by {@code secretRef}; {@code timeout} defaults to 10s.
   */
  public record WebhookRouter(@Required String url, @Required String secretRef, PlanDuration timeout) {}

  public String name() {
    if (service != null) {
      return "service";
    }
    if (replicas != null) {
      return "replicas";
    }
    if (openshiftRoute != null) {
      return "openshiftRoute";
    }
    if (istio != null) {
      return "istio";
    }
    if (gatewayApi != null) {
      return "gatewayApi";
    }
    if (nginx != null) {
      return "nginx";
    }
    if (argoRollout != null) {
      return "argoRollout";
    }
    return webhook != null ? "webhook" : "none";
  }
}
