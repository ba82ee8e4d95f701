package dev.flightplan.analysis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One compared figure: for a trigger, the new version's value, the stable side's value (null when it
 * was not measured), the limit in the metric's unit and what came of it. In a parallel run
 * the values are window means over {@code samples} samples; in a gate, one sample's values.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Figure(
    String trigger,
    Double canary,
    Double stable,
    Double limit,
    Outcome outcome,
    int samples,
    String note) {

  public enum Outcome {
    HELD,
    BREACHED,
    NO_DATA
  }

  /** {@code throughput below -5% stable: canary 96.1, stable 100, limit 95: held (60 samples)}. */
  public String describe() {
    StringBuilder text = new StringBuilder(trigger).append(": canary ").append(number(canary));
    if (stable != null) {
      text.append(", stable ").append(number(stable));
    }
    if (limit != null) {
      text.append(", limit ").append(number(limit));
    }
    text.append(": ").append(outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
    if (samples > 0) {
      text.append(" (").append(samples).append(samples == 1 ? " sample)" : " samples)");
    }
    if (note != null && !note.isBlank()) {
      text.append(" — ").append(note);
    }
    return text.toString();
  }

  private static String number(Double value) {
    return value == null ? "no data" : GateEvaluator.format(value);
  }
}
