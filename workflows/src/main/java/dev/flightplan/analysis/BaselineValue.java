package dev.flightplan.analysis;

/** A metric measured before any change: the reference for thresholds such as {@code 2x baseline}. */
public record BaselineValue(double mean, double p95, double p99, int samples) {}
