package dev.flightplan.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.demo.ClusterWrite;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code flightplan simulate} as its own process: the simulated cluster and Prometheus that outlive the workers a
 * test kills. Knows its URLs from the state file the command writes once it listens.
 */
public final class SimulationProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final ChildProcess process;
  private final String kubernetesUrl;
  private final String prometheusUrl;
  private final String writesUrl;
  private final Path kubeconfig;
  private KubernetesClient client;

  private SimulationProcess(ChildProcess process, JsonNode state) {
    this.process = process;
    this.kubernetesUrl = state.path("kubernetesUrl").asText();
    this.prometheusUrl = state.path("prometheusUrl").asText();
    this.writesUrl = state.path("writesUrl").asText();
    this.kubeconfig = Path.of(state.path("kubeconfig").asText());
  }

  /** Starts {@code flightplan simulate} keeping its files in {@code folder}; Deployments roll out in {@code rolloutDelay}. */
  public static SimulationProcess start(Path folder, Duration rolloutDelay) {
    Path state = folder.resolve("simulation-state.json");
    ChildProcess process =
        ChildProcess.flightplan(
            "flightplan simulate",
            JvmOptions.SHORT_LIVED,
            List.of(
                "simulate",
                "--rollout-delay",
                rolloutDelay.toMillis() + "ms",
                "--kubeconfig",
                folder.resolve("simulated.kubeconfig").toString(),
                "--write-log",
                folder.resolve("writes.jsonl").toString(),
                "--state-file",
                state.toString()),
            Map.of(),
            folder.resolve("simulate.log"));
    try {
      return new SimulationProcess(process, awaitState(process, state));
    } catch (RuntimeException e) {
      process.close();
      throw e;
    }
  }

  private static JsonNode awaitState(ChildProcess process, Path state) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isRegularFile(state)) {
        try {
          return JSON.readTree(state.toFile());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("flightplan simulate exited while starting:\n" + process.outputTail(40));
      }
      Sleep.millis(100);
    }
    throw new IllegalStateException(
        "flightplan simulate did not start within " + STARTUP.toSeconds() + " s:\n" + process.outputTail(40));
  }

  public String kubernetesUrl() {
    return kubernetesUrl;
  }

  public String prometheusUrl() {
    return prometheusUrl;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Every change the simulated API server received since it was seeded, oldest first. */
  public List<ClusterWrite> writes() {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(writesUrl)).timeout(Duration.ofSeconds(10)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("GET " + writesUrl + " answered " + response.statusCode());
      }
      return JSON.readValue(response.body(), new TypeReference<List<ClusterWrite>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** A client for looking at the simulated cluster from the test. */
  public synchronized KubernetesClient client() {
    if (client == null) {
      client =
          new KubernetesClientBuilder()
              .withConfig(new ConfigBuilder().withMasterUrl(kubernetesUrl).withNamespace("shop").build())
              .build();
    }
    return client;
  }

  public ChildProcess process() {
    return process;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
    process.close();
  }
}
