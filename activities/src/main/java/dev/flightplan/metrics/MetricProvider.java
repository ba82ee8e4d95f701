package dev.flightplan.metrics;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.MetricDefinition;

/**
 * Takes one sample of a metric. Trouble that may pass (a provider down, no series yet) is a {@link
 * Reading} without data carrying the reason, which counts toward an inconclusive verdict; trouble
 * that cannot pass (a query the provider rejects, a definition that makes no sense) is thrown as a
 * non-retryable {@code ApplicationFailure}.
 */
public interface MetricProvider {

  Reading sample(String metricName, MetricDefinition definition, String namespace);
}
