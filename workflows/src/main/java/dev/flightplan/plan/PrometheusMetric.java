package dev.flightplan.plan;

/** A PromQL instant query that yields one number; {@code ${var}} references are substituted from the plan's vars. */
public record PrometheusMetric(@Required String query) {}
