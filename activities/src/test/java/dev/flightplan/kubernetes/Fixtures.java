package dev.flightplan.kubernetes;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objects for tests against fabric8's mock server, shaped like the seeds' (namespace globeco). */
public final class Fixtures {

  public static final String NS = "globeco";

  private Fixtures() {}

  public static void namespace(KubernetesClient client) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
  }

  public static Deployment deployment(String name, String image, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  public static Deployment createDeployment(
      KubernetesClient client, String name, String image, int replicas) {
    return client.apps().deployments().resource(deployment(name, image, replicas)).create();
  }

  public static void createService(
      KubernetesClient client, String name, Map<String, String> selector) {
    client
        .services()
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build())
        .create();
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> asMap(KubernetesClient client, Object object) {
    return client.getKubernetesSerialization().convertValue(object, Map.class);
  }

  /** The object as undo compares it: without status and server-managed metadata. */
  public static Map<String, Object> userFields(KubernetesClient client, Object object) {
    return ManifestMerge.withoutServerFields(asMap(client, object));
  }

  /** A heartbeat that keeps what was beaten, and can play "earlier attempt" for a retry. */
  public static final class RecordingHeartbeat implements Heartbeat {
    public final List<Object> beats = new ArrayList<>();
    private Object previous;

    /** A retry of the same activity: the next attempt sees this attempt's last heartbeat. */
    public RecordingHeartbeat nextAttempt() {
      RecordingHeartbeat next = new RecordingHeartbeat();
      next.previous = beats.isEmpty() ? null : beats.get(beats.size() - 1);
      return next;
    }

    @Override
    public void beat(Object details) {
      beats.add(details);
    }

    @Override
    public <T> Optional<T> previous(Class<T> type) {
      return type.isInstance(previous) ? Optional.of(type.cast(previous)) : Optional.empty();
    }
  }
}
