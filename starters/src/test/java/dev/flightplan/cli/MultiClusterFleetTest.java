package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.demo.SimulatedCluster;
import dev.flightplan.fleet.FleetResult;
import dev.flightplan.fleet.FleetState;
import dev.flightplan.worker.ConfigSource;
import dev.flightplan.worker.Setting;
import dev.flightplan.worker.TemporalConnection;
import dev.flightplan.worker.TemporalSettings;
import dev.flightplan.worker.WorkerConfig;
import dev.flightplan.worker.WorkerRuntime;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.temporal.testserver.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's multi-cluster setup, end to end: two clusters (fabric8 mock API servers, "east" and
 * "west") each served by an activities-only worker started as {@code flightplan worker --cluster
 * NAME} starts one, with only that cluster's kubeconfig; one worker without a cluster runs the
 * workflows (its own kubeconfig points at a third, empty cluster). A fleet started with {@code
 * flightplan start} migrates systems in both clusters, and each cluster sees only its own systems'
 * changes.
 */
class MultiClusterFleetTest {

  private static final String NAMESPACE = "edge";
  private static final String FLEET = "edge-config";

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();

  @TempDir Path folder;

  @AfterEach
  void closeEverything() throws Exception {
    while (!resources.isEmpty()) {
      resources.pop().close();
    }
  }

  private <T extends AutoCloseable> T remember(T resource) {
    resources.push(resource);
    return resource;
  }

  @Test
  void aFleetMigratesSystemsInTwoClustersEachThroughItsOwnWorker() throws Exception {
    int port = freePort();
    String address = "127.0.0.1:" + port;
    remember(TestServer.createPortBoundServer(port, true));
    SimulatedCluster east = remember(cluster("east-api", "east-jobs"));
    SimulatedCluster west = remember(cluster("west-api", "west-jobs"));
    SimulatedCluster central = remember(cluster());
    CliContext cli =
        new CliContext(
            Map.of("USER", "tester"),
            TemporalAccess.connecting(),
            new LoaderPlanSource(),
            Clock.systemUTC());
    assertThat(CliRun.run(cli, "setup", "--address", address).exitCode()).isZero();

    remember(worker(address, "east", east));
    remember(worker(address, "west", west));
    remember(worker(address, null, central));
    Path plan = writeFleet();

    CliRun.Result started = CliRun.run(cli, "start", plan.toString(), "--address", address);
    assertThat(started.err()).isEmpty();
    assertThat(started.out()).startsWith("started fleet " + FLEET + " (4 systems in 1 waves");

    FleetResult result = awaitResult(address);
    assertThat(result.state()).as(result.summary()).isEqualTo(FleetState.COMPLETED);
    assertThat(result.kpis().migrated()).isEqualTo(4);

    assertThat(configMaps(east)).containsExactlyInAnyOrder("east-api-config", "east-jobs-config");
    assertThat(configMaps(west)).containsExactlyInAnyOrder("west-api-config", "west-jobs-config");
    assertThat(configMaps(central)).isEmpty();
    assertThat(east.configData(NAMESPACE, "east-api-config"))
        .containsEntry("SYSTEM", "east_api")
        .containsEntry("CLUSTER", "east");
    assertThat(east.replicas(NAMESPACE, "east-api")).isEqualTo(3);
    assertThat(east.replicas(NAMESPACE, "east-jobs")).isEqualTo(3);
    assertThat(west.replicas(NAMESPACE, "west-api")).isEqualTo(3);
    assertThat(west.replicas(NAMESPACE, "west-jobs")).isEqualTo(3);

    CliRun.Result status = CliRun.run(cli, "status", FLEET, "--address", address);
    assertThat(status.out()).contains("fleet " + FLEET + "  COMPLETED", "4/4 migrated");
    CliRun.Result list = CliRun.run(cli, "list", "--fleet", FLEET, "--address", address);
    assertThat(list.outLines())
        .hasSize(5)
        .anyMatch(line -> line.startsWith(FLEET + "/east_api") && line.contains("COMPLETED"))
        .anyMatch(line -> line.startsWith(FLEET + "/west_jobs") && line.contains("COMPLETED"));
  }

  /**
   * One wave of four systems, two per cluster, listed so that both clusters work at once. Each
   * migration applies a ConfigMap (from a file beside the plan), scales the system's Deployment and
   * holds a moment.
   */
  private Path writeFleet() throws IOException {
    Files.createDirectories(folder.resolve("k8s"));
    Files.writeString(
        folder.resolve("k8s/config.yaml"),
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: { name: '${systemSlug}-config' }
        data: { SYSTEM: '${system}', CLUSTER: '${cluster}', MODE: port-based }
        """);
    Path plan = folder.resolve("edge-config.yaml");
    Files.writeString(
        plan,
        """
        apiVersion: flightplan/v1
        kind: Fleet
        metadata: { name: edge-config }
        spec:
          failureBudget: { maxFailures: 0 }
          waves:
            - { name: all, priorities: [P1], maxParallel: 2 }
          template:
            target: { namespace: edge }
            phases:
              - name: configure
                steps:
                  - apply: { manifests: [k8s/config.yaml] }
                  - scale: { deployment: '${systemSlug}', replicas: 3, ready: 1m }
                  - observe: { duration: 1s }
          systems:
            - { name: east_api,  priority: P1, cluster: east, vars: { cluster: east } }
            - { name: west_api,  priority: P1, cluster: west, vars: { cluster: west } }
            - { name: east_jobs, priority: P1, cluster: east, vars: { cluster: east } }
            - { name: west_jobs, priority: P1, cluster: west, vars: { cluster: west } }
        """);
    return plan;
  }

  /** A cluster holding namespace edge and one Deployment (1 replica) per name. */
  private static SimulatedCluster cluster(String... deployments) {
    SimulatedCluster cluster = SimulatedCluster.start(0, Duration.ofMillis(200), null);
    StringBuilder objects =
        new StringBuilder("apiVersion: v1\nkind: Namespace\nmetadata: { name: edge }\n");
    for (String name : deployments) {
      objects.append(
          """
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: { name: %1$s, namespace: edge, labels: { app: %1$s } }
          spec:
            replicas: 1
            selector: { matchLabels: { app: %1$s } }
            template:
              metadata: { labels: { app: %1$s } }
              spec: { containers: [ { name: app, image: 'registry.local/%1$s:1.0' } ] }
          """
              .formatted(name));
    }
    List<HasMetadata> items =
        cluster
            .client()
            .load(new ByteArrayInputStream(objects.toString().getBytes(StandardCharsets.UTF_8)))
            .items();
    items.forEach(object -> cluster.client().resource(object).create());
    return cluster;
  }

  /**
   * A worker configured from the flags {@code flightplan worker [--cluster NAME] --kubeconfig FILE}
   * takes, started as that command starts it.
   */
  private WorkerRuntime worker(String address, String clusterName, SimulatedCluster cluster)
      throws IOException {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    flags.put(Setting.TEMPORAL_ADDRESS, address);
    flags.put(
        Setting.KUBECONFIG, kubeconfig(clusterName == null ? "central" : clusterName, cluster));
    flags.put(Setting.FLIGHTPLAN_METRICS_PORT, "0");
    flags.put(Setting.FLIGHTPLAN_SHUTDOWN_GRACE, "2s");
    if (clusterName != null) {
      flags.put(Setting.FLIGHTPLAN_CLUSTER, clusterName);
    }
    WorkerConfig config = WorkerConfig.from(new ConfigSource(flags, Map.of()));
    assertThat(config.runsWorkflows()).isEqualTo(clusterName == null);
    return WorkerRuntime.start(config);
  }

  private String kubeconfig(String name, SimulatedCluster cluster) throws IOException {
    Path file = folder.resolve(name + ".kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: %1$s
            cluster: { server: '%2$s' }
        users:
          - name: worker
            user: { token: not-checked }
        contexts:
          - name: %1$s
            context: { cluster: %1$s, user: worker, namespace: edge }
        current-context: %1$s
        """
            .formatted(name, cluster.url()));
    return file.toString();
  }

  private FleetResult awaitResult(String address) throws Exception {
    TemporalSettings settings =
        new TemporalSettings(
            address, TemporalSettings.DEFAULT_NAMESPACE, TemporalSettings.Tls.off(), null);
    try (TemporalConnection connection = TemporalConnection.open(settings)) {
      return connection
          .client()
          .newUntypedWorkflowStub(FLEET)
          .getResult(90, TimeUnit.SECONDS, FleetResult.class);
    }
  }

  private static List<String> configMaps(SimulatedCluster cluster) {
    return cluster.client().configMaps().inNamespace(NAMESPACE).list().getItems().stream()
        .map(HasMetadata::getMetadata)
        .map(ObjectMeta::getName)
        .toList();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
