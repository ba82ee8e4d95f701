package dev.flightplan.kubernetes;

import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Any kind of Kubernetes object, as plain maps, through fabric8's generic resources. Writes that
 * depend on what was read carry the {@code resourceVersion} they read, so a concurrent change makes
 * the API answer 409 instead of being overwritten; those conflicts are retried here by reading
 * again, a few times, before giving up retryably.
 */
public final class ClusterObjects {

  private static final Logger log = LoggerFactory.getLogger(ClusterObjects.class);
  private static final int CONFLICT_ATTEMPTS = 5;

  private final KubernetesClient client;

  public ClusterObjects(KubernetesClient client) {
    this.client = client;
  }

  public KubernetesClient client() {
    return client;
  }

  /**
   * The result of a read-modify-write: the object before, after, and whether anything was written.
   */
  public record Edit(Map<String, Object> before, Map<String, Object> after, boolean changed) {}

  public Optional<Map<String, Object>> get(ObjectRef ref) {
    GenericKubernetesResource live = KubernetesErrors.call("get", ref, () -> resource(ref).get());
    return Optional.ofNullable(live).map(this::toMap);
  }

  /**
   * Creates the object. Throws fabric8's exception unclassified, so that inside {@link
   * #withConflictRetries} a 409 (someone created it meanwhile) leads to reading again.
   */
  public Map<String, Object> create(ObjectRef ref, Map<String, Object> object) {
    return toMap(client.resource(fromMap(object, ref)).create());
  }

  /** Deletes the object; false when it was already gone. */
  public boolean delete(ObjectRef ref) {
    return !KubernetesErrors.call("delete", ref, () -> resource(ref).delete()).isEmpty();
  }

  /**
   * Reads the object, applies {@code change} to a copy and writes it back (PUT, with the
   * resourceVersion read) unless the change leaves it as it was. Missing object: non-retryable 404.
   */
  public Edit edit(ObjectRef ref, UnaryOperator<Map<String, Object>> change) {
    return withConflictRetries(
        "update",
        ref,
        () -> {
          Map<String, Object> live =
              get(ref).orElseThrow(() -> KubernetesErrors.notFound("update", ref));
          Map<String, Object> wanted = change.apply(JsonMaps.deepCopy(live));
          if (ManifestMerge.sameObject(live, wanted)) {
            return new Edit(live, live, false);
          }
          if (live.containsKey("status")) {
            // Ignored by a real API server (status is a subresource), but fabric8's mock server
            // would drop it.
            wanted.put("status", live.get("status"));
          }
          JsonMaps.child(wanted, "metadata").put("resourceVersion", resourceVersion(live));
          Map<String, Object> written = toMap(client.resource(fromMap(wanted, ref)).update());
          return new Edit(live, written, true);
        });
  }

  /**
   * Runs a read-modify-write, reading again on 409 conflicts. Other API errors are classified with
   * {@code verb}.
   */
  public <T> T withConflictRetries(String verb, ObjectRef ref, Supplier<T> attempt) {
    KubernetesClientException last = null;
    for (int i = 1; i <= CONFLICT_ATTEMPTS; i++) {
      try {
        return attempt.get();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw KubernetesErrors.classify(verb, ref, e);
        }
        last = e;
        log.debug("{} {}: conflict on attempt {}, reading again", verb, ref, i);
        KubernetesErrors.pause(20L * i);
      }
    }
    throw KubernetesErrors.classify(verb, ref, last);
  }

  /**
   * The reference as the API addresses it: without a namespace for cluster-scoped kinds
   * (ClusterRole, Namespace, ...), which plans name with the target namespace like any other
   * object.
   */
  public ObjectRef scoped(ObjectRef ref) {
    if (ref.namespace() == null || namespaced(ref)) {
      return ref;
    }
    return new ObjectRef(ref.apiVersion(), ref.kind(), null, ref.name());
  }

  private boolean namespaced(ObjectRef ref) {
    Class<? extends KubernetesResource> type =
        client
            .getKubernetesSerialization()
            .getRegisteredKubernetesResource(ref.apiVersion(), ref.kind());
    if (type != null && type != GenericKubernetesResource.class) {
      return Namespaced.class.isAssignableFrom(type);
    }
    try {
      APIResourceList resources = client.getApiResources(ref.apiVersion());
      if (resources != null && resources.getResources() != null) {
        for (APIResource resource : resources.getResources()) {
          if (ref.kind().equals(resource.getKind()) && resource.getNamespaced() != null) {
            return resource.getNamespaced();
          }
        }
      }
    } catch (KubernetesClientException e) {
      log.debug("no API discovery for {}: {}", ref.apiVersion(), e.getMessage());
    }
    return true;
  }

  public Resource<GenericKubernetesResource> resource(ObjectRef ref) {
    if (ref.kind() == null || ref.name() == null || ref.apiVersion() == null) {
      throw KubernetesErrors.badInput(
          "incomplete object reference: " + ref + " (" + ref.apiVersion() + ")");
    }
    MixedOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        kind =
            KnownKinds.of(ref.apiVersion(), ref.kind())
                .map(client::genericKubernetesResources)
                .orElseGet(
                    () ->
                        KubernetesErrors.call(
                            "resolve",
                            ref,
                            () -> client.genericKubernetesResources(ref.apiVersion(), ref.kind())));
    NonNamespaceOperation<
            GenericKubernetesResource,
            GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>
        scope = ref.namespace() == null ? kind : kind.inNamespace(ref.namespace());
    return scope.withName(ref.name());
  }

  @SuppressWarnings("unchecked")
  public Map<String, Object> toMap(Object resource) {
    return resource == null
        ? null
        : client.getKubernetesSerialization().convertValue(resource, Map.class);
  }

  /** The object as a generic resource, defaulting its namespace to the reference's. */
  public GenericKubernetesResource fromMap(Map<String, Object> object, ObjectRef ref) {
    Map<String, Object> copy = JsonMaps.deepCopy(object);
    Map<String, Object> metadata = JsonMaps.child(copy, "metadata");
    if (metadata.get("namespace") == null && ref.namespace() != null) {
      metadata.put("namespace", ref.namespace());
    }
    return client.getKubernetesSerialization().convertValue(copy, GenericKubernetesResource.class);
  }

  static String resourceVersion(Map<String, Object> object) {
    Object rv = JsonMaps.at(object, "metadata", "resourceVersion");
    return rv == null ? null : rv.toString();
  }
}
