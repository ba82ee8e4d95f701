package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A PromQL query that yields one number; {@code ${var}} references are substituted from the plan's vars. Without
 * {@code range} it is an instant query; with {@code range: 5m} it is a range query over the last five minutes and
 * its value is the mean of the returned points, for gates that want a window aggregate.
 */
public record PrometheusMetric(
    @Required String query, @JsonInclude(JsonInclude.Include.NON_NULL) PlanDuration range) {

  /** An instant query. */
  public PrometheusMetric(String query) {
    this(query, null);
  }
}
