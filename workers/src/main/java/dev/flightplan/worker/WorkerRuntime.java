package dev.flightplan.worker;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A production worker process: metrics, Temporal connection, Kubernetes client, activities, worker
 * and HTTP endpoints, started in that order and closed in reverse. {@link #close()} is safe to call
 * from a shutdown hook.
 */
public final class WorkerRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerRuntime.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * Builds the activity implementations for a worker; {@link ActivityWiring#create} in production.
   */
  @FunctionalInterface
  public interface Activities {
    List<Object> create(WorkerConfig config, KubernetesClient kubernetes, HttpClient http);
  }

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private FlightplanWorker worker;
  private WorkerEndpoints endpoints;

  private WorkerRuntime() {}

  public static WorkerRuntime start(WorkerConfig config) {
    return start(config, ActivityWiring::create);
  }

  public static WorkerRuntime start(WorkerConfig config, Activities activities) {
    WorkerRuntime runtime = new WorkerRuntime();
    try {
      runtime.startParts(config, activities);
      return runtime;
    } catch (RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private void startParts(WorkerConfig config, Activities activities) {
    WorkerMetrics metrics = remember(new WorkerMetrics());
    TemporalConnection connection =
        remember(
            TemporalConnection.open(
                config.temporal(),
                TemporalConnection.stubOptions(config.temporal())
                    .setMetricsScope(metrics.scope())
                    .build()));
    connection.checkReachable(CONNECT_TIMEOUT);
    KubernetesClient kubernetes = remember(KubernetesClients.create(config.kubernetes()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    worker =
        FlightplanWorker.forConfig(
            config, connection.client(), activities.create(config, kubernetes, http));
    // Endpoints first: a port clash stops start-up before the worker takes any task.
    endpoints =
        remember(
            WorkerEndpoints.start(
                config.metricsHost(), config.metricsPort(), metrics::scrape, worker::isReady));
    worker.start();
    remember(() -> worker.shutdown(config.shutdownGrace()));
    log.info(
        "worker ready: Temporal {} namespace {}, task queue {}{}, metrics on http://{}:{}/metrics,"
            + " Slack notifications {}",
        config.temporal().address(),
        config.temporal().namespace(),
        config.pollingTaskQueue(),
        config.runsWorkflows() ? "" : " (activities only)",
        endpoints.address().getHostString(),
        endpoints.address().getPort(),
        config.slack().enabled() ? "on" : "off (no SLACK_BOT_TOKEN)");
  }

  private <T extends AutoCloseable> T remember(T resource) {
    resources.push(resource);
    return resource;
  }

  public FlightplanWorker worker() {
    return worker;
  }

  public WorkerEndpoints endpoints() {
    return endpoints;
  }

  /** Blocks until {@link #close()} has finished, e.g. from the shutdown hook on SIGTERM. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  @Override
  public synchronized void close() {
    if (closed.getCount() == 0) {
      return;
    }
    while (!resources.isEmpty()) {
      AutoCloseable resource = resources.pop();
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("while shutting down {}: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    closed.countDown();
  }
}
