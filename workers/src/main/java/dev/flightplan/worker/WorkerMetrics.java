package dev.flightplan.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import dev.flightplan.migration.MigrationMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;

/**
 * One Prometheus registry for the worker: the Temporal SDK reports into it through its tally scope
 * (poll latencies, task slots, activity and workflow task counts), Flightplan's workflow metrics
 * ({@link MigrationMetrics}) arrive through the same scope, and the JVM's own meters are bound to
 * it directly.
 */
public final class WorkerMetrics implements AutoCloseable {

  /**
   * Most migration names the weight gauge keeps; later ones are dropped rather than let the series
   * grow without bound on a long-lived worker.
   */
  public static final int MAX_MIGRATION_SERIES = 500;

  /**
   * Flightplan's timers measure steps and approvals that last from seconds to weeks; Micrometer's
   * default histogram stops at 30 s, which would put every step in the last bucket.
   */
  static final Duration LONGEST_EXPECTED = Duration.ofDays(30);

  static final Duration SHORTEST_EXPECTED = Duration.ofMillis(100);

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Scope scope;

  public WorkerMetrics() {
    this(Duration.ofSeconds(10));
  }

  public WorkerMetrics(Duration reportEvery) {
    configure(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);
    this.scope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(reportEvery.toMillis()));
  }

  /**
   * The filters Flightplan's meters need; they must be in place before the first meter registers.
   */
  static void configure(MeterRegistry registry) {
    registry
        .config()
        .meterFilter(
            MeterFilter.maximumAllowableTags(
                MigrationMetrics.TRAFFIC_WEIGHT,
                "migration",
                MAX_MIGRATION_SERIES,
                MeterFilter.deny()))
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith("flightplan_")) {
                  return config;
                }
                return DistributionStatisticConfig.builder()
                    .percentilesHistogram(true)
                    .minimumExpectedValue((double) SHORTEST_EXPECTED.toNanos())
                    .maximumExpectedValue((double) LONGEST_EXPECTED.toNanos())
                    .build()
                    .merge(config);
              }
            });
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * The scope to hand to {@code WorkflowServiceStubsOptions.Builder#setMetricsScope} (or a test
   * environment's options): workers built on those stubs report into this registry.
   */
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
      gc.close();
      registry.close();
    }
  }
}
