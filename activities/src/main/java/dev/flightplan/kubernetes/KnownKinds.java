package dev.flightplan.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;

/**
 * How to address the kinds Flightplan's traffic routers steer, without asking the API server:
 * discovery of custom resource groups is not always available (fabric8's mock server has none), and
 * where the CRD is not installed an explicit address yields a plain 404 instead of a discovery
 * error.
 */
public final class KnownKinds {

  private static final Map<String, ResourceDefinitionContext> CONTEXTS =
      Map.of(
          "route.openshift.io/v1 Route", context("route.openshift.io", "v1", "Route", "routes"),
          "networking.istio.io/v1 VirtualService",
              context("networking.istio.io", "v1", "VirtualService", "virtualservices"),
          "gateway.networking.k8s.io/v1 HTTPRoute",
              context("gateway.networking.k8s.io", "v1", "HTTPRoute", "httproutes"),
          "networking.k8s.io/v1 Ingress",
              context("networking.k8s.io", "v1", "Ingress", "ingresses"),
          "argoproj.io/v1alpha1 Rollout",
              context("argoproj.io", "v1alpha1", "Rollout", "rollouts"));

  private KnownKinds() {}

  /** The resource definition of {@code apiVersion}/{@code kind}, when it is one of the known. */
  public static Optional<ResourceDefinitionContext> of(String apiVersion, String kind) {
    return Optional.ofNullable(CONTEXTS.get(apiVersion + " " + kind));
  }

  private static ResourceDefinitionContext context(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
