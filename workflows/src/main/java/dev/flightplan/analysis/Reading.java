package dev.flightplan.analysis;

/**
 * One sample of a metric: a finite value, or no data with the reason why (empty result, NaN,
 * provider unreachable). {@code detail} optionally explains a value, such as why a probe counted as
 * a failure.
 */
public record Reading(Double value, String reason, String detail) {

  public static Reading of(double value) {
    return of(value, null);
  }

  /** NaN and infinities are no data: a ratio of zero requests says nothing about health. */
  public static Reading of(double value, String detail) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return noData("value was " + (Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf"));
    }
    return new Reading(value, null, detail);
  }

  public static Reading noData(String reason) {
    return new Reading(null, reason == null ? "no data" : reason, null);
  }

  public boolean hasValue() {
    return value != null && Double.isFinite(value);
  }
}
