package dev.flightplan.plan;

/**
 * How to measure the stable (old) side of a metric, so that a threshold such as {@code +10% stable}
 * can compare the canary with the stable version sampled in the same tick. Exactly one provider,
 * written like the metric's own: usually the same query with the stable pods' labels.
 */
@ExactlyOne(
    value = {"prometheus", "http", "kubernetes"},
    label = "metric provider")
public record StableSide(
    PrometheusMetric prometheus, HttpProbeMetric http, KubernetesMetric kubernetes) {}
