package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A named measurement reused by gates. Exactly one provider is set. {@code interval} overrides how often an
 * observation window samples it; {@code failureLimit} is how many breaching samples in a row fail the window
 * (default 1); {@code inconclusiveLimit} how many samples without data in a row make it inconclusive (default 3).
 * {@code stable}, when set, says how to measure the same thing on the stable version: thresholds relative to
 * {@code stable} and parallel-run comparisons need it.
 */
@ExactlyOne(
    value = {"prometheus", "http", "kubernetes"},
    label = "metric provider")
public record MetricDefinition(
    PrometheusMetric prometheus,
    HttpProbeMetric http,
    KubernetesMetric kubernetes,
    PlanDuration interval,
    Integer failureLimit,
    Integer inconclusiveLimit,
    @JsonInclude(JsonInclude.Include.NON_NULL) StableSide stable) {

  /** A metric measured on one side only. */
  public MetricDefinition(
      PrometheusMetric prometheus,
      HttpProbeMetric http,
      KubernetesMetric kubernetes,
      PlanDuration interval,
      Integer failureLimit,
      Integer inconclusiveLimit) {
    this(prometheus, http, kubernetes, interval, failureLimit, inconclusiveLimit, null);
  }

  public String providerName() {
    if (prometheus != null) {
      return "prometheus";
    }
    if (http != null) {
      return "http";
    }
    return kubernetes != null ? "kubernetes" : "none";
  }

  public boolean measuresStable() {
    return stable != null;
  }

  /**
   * The stable side as a metric of its own, sampled on the same schedule and with the same limits;
   * null when the plan does not say how to measure it.
   */
  public MetricDefinition stableSide() {
    if (stable == null) {
      return null;
    }
    return new MetricDefinition(
        stable.prometheus(),
        stable.http(),
        stable.kubernetes(),
        interval,
        failureLimit,
        inconclusiveLimit,
        null);
  }
}
