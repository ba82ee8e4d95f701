package dev.flightplan.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.simulation.FakePrometheus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The demo's simulated cluster and Prometheus on their own, for workers in other processes: what {@code flightplan
 * simulate} runs. Writes a kubeconfig that points at the simulated API server (the worker's {@code --kubeconfig}),
 * keeps a {@link WriteLog} of every change the API server received, and, when asked, a state file naming all of it,
 * written once everything listens.
 */
public final class StandaloneSimulation implements AutoCloseable {

  /** Ports 0 pick free ones; {@code writeLog} and {@code stateFile} may be null. */
  public record Options(
      int kubePort, int prometheusPort, Duration rolloutDelay, Path kubeconfig, Path writeLog, Path stateFile) {}

  static final String SEED = "/demo/cluster-seed.yaml";

  private final WriteLog writes;
  private final SimulatedCluster cluster;
  private final FakePrometheus prometheus;
  private final Path kubeconfig;

  private StandaloneSimulation(WriteLog writes, SimulatedCluster cluster, FakePrometheus prometheus, Path kubeconfig) {
    this.writes = writes;
    this.cluster = cluster;
    this.prometheus = prometheus;
    this.kubeconfig = kubeconfig;
  }

  public static StandaloneSimulation start(Options options) throws IOException {
    QuietLogs.apply();
    WriteLog writes = options.writeLog() == null ? WriteLog.inMemory() : WriteLog.toFile(options.writeLog());
    SimulatedCluster cluster = null;
    FakePrometheus prometheus = null;
    try {
      cluster = SimulatedCluster.start(options.kubePort(), options.rolloutDelay(), SEED, writes);
      prometheus = new FakePrometheus(options.prometheusPort());
      prometheus.respondWith(new SimulatedTraffic(cluster, EmbeddedDemo.NAMESPACE)).start();
      StandaloneSimulation simulation = new StandaloneSimulation(writes, cluster, prometheus, options.kubeconfig());
      simulation.writeKubeconfig();
      if (options.stateFile() != null) {
        simulation.writeState(options.stateFile(), options.writeLog());
      }
      return simulation;
    } catch (IOException | RuntimeException e) {
      if (prometheus != null) {
        prometheus.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      writes.close();
      throw e;
    }
  }

  /** On 127.0.0.1 rather than the mock server's "localhost", which may resolve to an address nobody listens on. */
  public String kubernetesUrl() {
    return "http://127.0.0.1:" + URI.create(cluster.url()).getPort();
  }

  public String prometheusUrl() {
    return prometheus.url();
  }

  /** Where the write log is served as a JSON array. */
  public String writesUrl() {
    return kubernetesUrl() + RecordingDispatcher.WRITES_PATH;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  public WriteLog writes() {
    return writes;
  }

  public SimulatedCluster cluster() {
    return cluster;
  }

  private void writeKubeconfig() throws IOException {
    String text =
        """
        # Written by `flightplan simulate`: the simulated Kubernetes API server on loopback.
        apiVersion: v1
        kind: Config
        clusters:
          - name: flightplan-simulated
            cluster: { server: '%s' }
        users:
          - name: flightplan-simulated
            user: { token: simulated }
        contexts:
          - name: flightplan-simulated
            context: { cluster: flightplan-simulated, user: flightplan-simulated, namespace: %s }
        current-context: flightplan-simulated
        """
            .formatted(kubernetesUrl(), EmbeddedDemo.NAMESPACE);
    writeAtomically(kubeconfig, text);
  }

  private void writeState(Path stateFile, Path writeLog) throws IOException {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("pid", ProcessHandle.current().pid());
    state.put("kubernetesUrl", kubernetesUrl());
    state.put("prometheusUrl", prometheusUrl());
    state.put("writesUrl", writesUrl());
    state.put("kubeconfig", kubeconfig.toAbsolutePath().toString());
    state.put("writeLog", writeLog == null ? null : writeLog.toAbsolutePath().toString());
    writeAtomically(stateFile, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
  }

  /** Readers polling for the file never see it half written. */
  private static void writeAtomically(Path target, String text) throws IOException {
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path temporary = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
    try {
      Files.writeString(temporary, text);
      Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UncheckedIOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
  }

  @Override
  public void close() {
    prometheus.close();
    cluster.close();
    writes.close();
  }
}
