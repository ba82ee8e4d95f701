package dev.flightplan.plan;

/**
 * An HTTP GET probe. Its value is 1 when the response has {@code expectStatus} (default 200) within {@code timeout},
 * else 0; with {@code measure: latency} its value is the response time in seconds.
 */
public record HttpProbeMetric(@Required String url, Integer expectStatus, PlanDuration timeout, String measure) {}
