package dev.flightplan.plan;

/** A measurement read from the cluster: {@code measure} is {@code restarts} or {@code readyReplicas}. */
public record KubernetesMetric(@Required String deployment, @Required String measure) {}
