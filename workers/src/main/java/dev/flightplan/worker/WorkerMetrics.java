package dev.flightplan.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;

/**
 * One Prometheus registry for the worker: the Temporal SDK reports into it through its tally scope
 * (poll latencies, task slots, activity and workflow task counts), and Flightplan's own meters are
 * registered on it directly.
 */
public final class WorkerMetrics implements AutoCloseable {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Scope scope;

  public WorkerMetrics() {
    this(Duration.ofSeconds(10));
  }

  public WorkerMetrics(Duration reportEvery) {
    this.scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(reportEvery.toMillis()));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The scope to hand to {@code WorkflowServiceStubsOptions.Builder#setMetricsScope}. */
  public Scope scope() {
    return scope;
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      // Closing flushes the last report; losing it at shutdown is harmless.
    } finally {
      registry.close();
    }
  }
}
