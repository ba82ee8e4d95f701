package dev.flightplan.metrics;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.MetricDefinition;
import io.temporal.failure.ApplicationFailure;

/** Sends each metric to the provider its definition names. */
public final class MetricSources implements MetricProvider {
  private final MetricProvider prometheus;
  private final MetricProvider http;
  private final MetricProvider kubernetes;

  public MetricSources(MetricProvider prometheus, MetricProvider http, MetricProvider kubernetes) {
    this.prometheus = prometheus;
    this.http = http;
    this.kubernetes = kubernetes;
  }

  @Override
  public Reading sample(String metricName, MetricDefinition definition, String namespace) {
    MetricProvider provider =
        switch (definition.providerName()) {
          case "prometheus" -> prometheus;
          case "http" -> http;
          case "kubernetes" -> kubernetes;
          default ->
              throw ApplicationFailure.newNonRetryableFailure(
                  "metric "
                      + metricName
                      + " names no provider: set one of prometheus, http or kubernetes",
                  "InvalidMetric");
        };
    return provider.sample(metricName, definition, namespace);
  }
}
