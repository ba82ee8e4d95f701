package dev.flightplan.demo;

import dev.flightplan.simulation.RolloutSimulator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes API on loopback that keeps objects in memory (fabric8's mock server in CRUD mode), with a rollout
 * simulator that makes Deployments and Jobs finish the way a real cluster would.
 */
public final class SimulatedCluster implements AutoCloseable {
  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final RolloutSimulator simulator;

  private SimulatedCluster(KubernetesMockServer server, Duration rolloutDelay) {
    this.server = server;
    this.client = server.createClient();
    this.simulator =
        new RolloutSimulator(client, RolloutSimulator.Options.defaults().withRolloutDelay(rolloutDelay)).start();
  }

  /** Starts on {@code port} (0 picks a free one) holding the objects of {@code seedResource}, if given. */
  public static SimulatedCluster start(int port, Duration rolloutDelay, String seedResource) {
    return start(port, rolloutDelay, seedResource, null);
  }

  /**
   * As {@link #start(int, Duration, String)}, recording every write after the seed into {@code writes} (when not
   * null), which the API server also serves at {@code /simulation/writes}.
   */
  public static SimulatedCluster start(int port, Duration rolloutDelay, String seedResource, WriteLog writes) {
    KubernetesCrudDispatcher dispatcher =
        writes == null ? new KubernetesCrudDispatcher(List.of()) : new RecordingDispatcher(writes);
    KubernetesMockServer server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init(InetAddress.getLoopbackAddress(), port);
    SimulatedCluster cluster = new SimulatedCluster(server, rolloutDelay);
    if (seedResource != null) {
      cluster.seed(seedResource);
    }
    if (writes != null) {
      writes.startRecording();
    }
    return cluster;
  }

  private void seed(String resource) {
    try (InputStream in = SimulatedCluster.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      for (HasMetadata object : client.load(in).items()) {
        client.resource(object).create();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KubernetesClient client() {
    return client;
  }

  /** The API server's URL, for a kubeconfig or {@code KUBERNETES_MASTER}. */
  public String url() {
    return client.getMasterUrl().toString();
  }

  /** An object as the API would return it, or null. */
  public GenericKubernetesResource get(String apiVersion, String kind, String namespace, String name) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
  }

  /** Replicas in a Deployment's spec, or -1 when it does not exist. */
  public int replicas(String namespace, String deployment) {
    var object = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    return object == null ? -1 : object.getSpec().getReplicas();
  }

  public String image(String namespace, String deployment) {
    var object = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    return object == null ? null : object.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

  public Map<String, String> selector(String namespace, String service) {
    var object = client.services().inNamespace(namespace).withName(service).get();
    return object == null ? Map.of() : object.getSpec().getSelector();
  }

  public Map<String, String> configData(String namespace, String configMap) {
    var object = client.configMaps().inNamespace(namespace).withName(configMap).get();
    return object == null ? Map.of() : object.getData();
  }

  @Override
  public void close() {
    simulator.close();
    client.close();
    server.destroy();
  }
}
