package dev.flightplan.plan;

/**
 * A named measurement reused by gates. Exactly one provider is set. {@code interval} overrides how often an
 * observation window samples it; {@code failureLimit} is how many breaching samples in a row fail the window
 * (default 1); {@code inconclusiveLimit} how many samples without data in a row make it inconclusive (default 3).
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
    Integer inconclusiveLimit) {

  public String providerName() {
    if (prometheus != null) {
      return "prometheus";
    }
    if (http != null) {
      return "http";
    }
    return kubernetes != null ? "kubernetes" : "none";
  }
}
