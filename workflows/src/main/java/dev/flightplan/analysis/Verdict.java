package dev.flightplan.analysis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The outcome of an observation or analysis. FAIL names the trigger, the measured value and the limit; INCONCLUSIVE
 * (no data, NaN, a provider down) never promotes: the migration waits for a human. {@code figures} holds every
 * compared figure (new and stable values, limit) of a parallel run, or of a gate relative to the stable side; it is
 * left out of the JSON when empty, so workers that predate it still read every other verdict.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Verdict(
    Outcome outcome,
    String trigger,
    Double value,
    String threshold,
    String reason,
    int samples,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Figure> figures) {

  public enum Outcome {
    PASS,
    FAIL,
    INCONCLUSIVE
  }

  public Verdict {
    figures = figures == null ? List.of() : List.copyOf(figures);
  }

  /** A verdict without compared figures. */
  public Verdict(Outcome outcome, String trigger, Double value, String threshold, String reason, int samples) {
    this(outcome, trigger, value, threshold, reason, samples, List.of());
  }

  public static Verdict pass(int samples) {
    return new Verdict(Outcome.PASS, null, null, null, "every trigger held for " + samples + " samples", samples);
  }

  public static Verdict fail(String trigger, double value, String threshold, int samples) {
    return new Verdict(
        Outcome.FAIL, trigger, value, threshold, trigger + ": measured " + format(value) + ", limit " + threshold, samples);
  }

  public static Verdict inconclusive(String trigger, String reason, int samples) {
    return new Verdict(Outcome.INCONCLUSIVE, trigger, null, null, reason, samples);
  }

  public Verdict withFigures(List<Figure> compared) {
    return new Verdict(outcome, trigger, value, threshold, reason, samples, compared);
  }

  public Verdict withReason(String text) {
    return new Verdict(outcome, trigger, value, threshold, text, samples, figures);
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }

  public static String format(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
