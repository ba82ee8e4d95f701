package dev.flightplan.traffic;

import dev.flightplan.activities.ObjectRef;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KnownKinds;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.kubernetes.ManifestMerge;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The objects routers steer (Routes, VirtualServices, HTTPRoutes, Ingresses, Rollouts), read and
 * written as plain maps through generic resources addressed by an explicit {@link
 * ResourceDefinitionContext}, so custom resources need no API discovery. Writes are
 * read-modify-write PUTs carrying the resourceVersion read, retried on 409 conflicts (a JSON merge
 * patch would replace whole lists such as backends anyway).
 */
final class RouterObjects {

  /** One kind of object a router steers, addressed as {@link KnownKinds} says. */
  record Kind(String apiVersion, String kind) {

    ObjectRef ref(String namespace, String name) {
      return new ObjectRef(apiVersion, kind, namespace, name);
    }

    ResourceDefinitionContext context() {
      return KnownKinds.of(apiVersion, kind).orElseThrow();
    }
  }

  static final Kind ROUTE = new Kind("route.openshift.io/v1", "Route");
  static final Kind VIRTUAL_SERVICE = new Kind("networking.istio.io/v1", "VirtualService");
  static final Kind HTTP_ROUTE = new Kind("gateway.networking.k8s.io/v1", "HTTPRoute");
  static final Kind INGRESS = new Kind("networking.k8s.io/v1", "Ingress");
  static final Kind ROLLOUT = new Kind("argoproj.io/v1alpha1", "Rollout");

  private final ClusterObjects objects;

  RouterObjects(ClusterObjects objects) {
    this.objects = objects;
  }

  /** The live object; a missing one fails without retrying and names the router that needs it. */
  Map<String, Object> get(Kind kind, String namespace, String name, String router) {
    ObjectRef ref = kind.ref(namespace, name);
    GenericKubernetesResource live =
        KubernetesErrors.call("get", ref, () -> resource(kind, namespace).withName(name).get());
    if (live == null) {
      throw missing(ref, router);
    }
    return objects.toMap(live);
  }

  /**
   * Reads the object, applies {@code change} to a copy and writes it back unless nothing changed.
   */
  void edit(
      Kind kind,
      String namespace,
      String name,
      String router,
      UnaryOperator<Map<String, Object>> change) {
    write(kind, namespace, name, router, change, false);
  }

  /** Same as {@link #edit} through the status subresource, for fields only a status holds. */
  void editStatus(
      Kind kind,
      String namespace,
      String name,
      String router,
      UnaryOperator<Map<String, Object>> change) {
    write(kind, namespace, name, router, change, true);
  }

  private void write(
      Kind kind,
      String namespace,
      String name,
      String router,
      UnaryOperator<Map<String, Object>> change,
      boolean status) {
    ObjectRef ref = kind.ref(namespace, name);
    objects.withConflictRetries(
        status ? "update status of" : "update",
        ref,
        () -> {
          GenericKubernetesResource read = resource(kind, namespace).withName(name).get();
          if (read == null) {
            throw missing(ref, router);
          }
          Map<String, Object> live = objects.toMap(read);
          Map<String, Object> wanted = change.apply(JsonMaps.deepCopy(live));
          if (ManifestMerge.sameObject(live, wanted)
              && JsonMaps.same(live.get("status"), wanted.get("status"))) {
            return null;
          }
          if (!status && live.containsKey("status")) {
            // A real API server ignores status on this PUT; fabric8's mock server would drop it.
            wanted.put("status", live.get("status"));
          }
          JsonMaps.child(wanted, "metadata")
              .put("resourceVersion", JsonMaps.at(live, "metadata", "resourceVersion"));
          Resource<GenericKubernetesResource> target =
              resource(kind, namespace).resource(objects.fromMap(wanted, ref));
          if (status) {
            target.updateStatus();
          } else {
            target.update();
          }
          return null;
        });
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      resource(Kind kind, String namespace) {
    return objects.client().genericKubernetesResources(kind.context()).inNamespace(namespace);
  }

  private static ApplicationFailure missing(ObjectRef ref, String router) {
    return ApplicationFailure.newNonRetryableFailure(
        ref + " not found (404): the " + router + " router needs it", KubernetesErrors.NOT_FOUND);
  }
}
