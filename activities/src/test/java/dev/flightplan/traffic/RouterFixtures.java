package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.Heartbeat;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.ManifestMerge;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.List;
import java.util.Map;

/**
 * Custom resources in fabric8's mock server (CRUD mode), created from their upstream YAML and
 * addressed with an explicit resource definition context, as the routers address them.
 */
final class RouterFixtures {

  private RouterFixtures() {}

  static TrafficActivitiesImpl traffic(KubernetesClient client) {
    return new TrafficActivitiesImpl(
        TrafficActivitiesImpl.defaultRouters(new ClusterObjects(client)), Heartbeat.none());
  }

  static TrafficActivitiesImpl traffic(Router router) {
    return new TrafficActivitiesImpl(List.of(router), Heartbeat.none());
  }

  static Map<String, Object> create(KubernetesClient client, RouterObjects.Kind kind, String yaml) {
    GenericKubernetesResource object =
        client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    GenericKubernetesResource created =
        client
            .genericKubernetesResources(kind.context())
            .inNamespace(object.getMetadata().getNamespace())
            .resource(object)
            .create();
    return asMap(client, created);
  }

  static Map<String, Object> get(
      KubernetesClient client, RouterObjects.Kind kind, String namespace, String name) {
    return asMap(
        client,
        client
            .genericKubernetesResources(kind.context())
            .inNamespace(namespace)
            .withName(name)
            .get());
  }

  static void delete(
      KubernetesClient client, RouterObjects.Kind kind, String namespace, String name) {
    client
        .genericKubernetesResources(kind.context())
        .inNamespace(namespace)
        .withName(name)
        .delete();
  }

  /** Replaces the object's status, as its controller would. */
  static void setStatus(
      KubernetesClient client, RouterObjects.Kind kind, Map<String, Object> object) {
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    client
        .genericKubernetesResources(kind.context())
        .inNamespace(resource.getMetadata().getNamespace())
        .resource(resource)
        .updateStatus();
  }

  /** What undo compares: everything the user owns, without status and server-managed metadata. */
  static Map<String, Object> userFields(Map<String, Object> object) {
    return ManifestMerge.withoutServerFields(object);
  }

  static String resourceVersion(Map<String, Object> object) {
    return String.valueOf(JsonMaps.at(object, "metadata", "resourceVersion"));
  }

  /**
   * The undo record as the restore activity receives it: through Temporal's JSON payload, where
   * numbers may come back as other types.
   */
  static TrafficState viaHistory(TrafficState state) {
    DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;
    return converter.fromPayload(
        converter.toPayload(state).orElseThrow(), TrafficState.class, TrafficState.class);
  }

  static TrafficRequest request(
      dev.flightplan.plan.RouterSpec router, String stable, String canary) {
    return new TrafficRequest("globeco", router, stable, canary);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(KubernetesClient client, Object object) {
    return object == null
        ? null
        : client.getKubernetesSerialization().convertValue(object, Map.class);
  }
}
