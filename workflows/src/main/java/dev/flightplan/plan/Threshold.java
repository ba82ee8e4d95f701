package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gate's limit: an absolute number ({@code 0.05}), a factor of a reference ({@code 2x baseline}, {@code 0.5x stable})
 * or a relative change from a reference ({@code +10% baseline}, {@code -5% stable}). The reference is the value kept by
 * a {@code baseline} step, or the stable side measured in the same window.
 */
public record Threshold(double value, Form form, Reference reference) {

  public enum Form {
    ABSOLUTE,
    FACTOR,
    PERCENT
  }

  public enum Reference {
    NONE,
    BASELINE,
    STABLE
  }

  private static final Pattern RELATIVE =
      Pattern.compile("([+-]?\\d+(?:\\.\\d+)?)\\s*(x|%)\\s*(baseline|stable)", Pattern.CASE_INSENSITIVE);

  @JsonCreator
  public static Threshold parse(Object raw) {
    if (raw instanceof Number number) {
      return absolute(number.doubleValue());
    }
    String text = raw == null ? "" : raw.toString().trim();
    Matcher matcher = RELATIVE.matcher(text);
    if (matcher.matches()) {
      Form form = matcher.group(2).equals("x") ? Form.FACTOR : Form.PERCENT;
      return new Threshold(
          Double.parseDouble(matcher.group(1)),
          form,
          Reference.valueOf(matcher.group(3).toUpperCase(Locale.ROOT)));
    }
    try {
      return absolute(Double.parseDouble(text));
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a threshold: write a number (0.05), a factor (2x baseline, 0.5x stable)"
              + " or a change (+10% baseline, -5% stable)");
    }
  }

  public static Threshold absolute(double value) {
    return new Threshold(value, Form.ABSOLUTE, Reference.NONE);
  }

  public boolean isRelative() {
    return form != Form.ABSOLUTE;
  }

  /** The limit in the metric's own unit, given the reference value when the threshold is relative. */
  public double limit(double referenceValue) {
    return switch (form) {
      case ABSOLUTE -> value;
      case FACTOR -> value * referenceValue;
      case PERCENT -> referenceValue * (1 + value / 100.0);
    };
  }

  @JsonValue
  public String text() {
    return switch (form) {
      case ABSOLUTE -> trim(value);
      case FACTOR -> trim(value) + "x " + reference.name().toLowerCase(Locale.ROOT);
      case PERCENT ->
          (value >= 0 ? "+" : "") + trim(value) + "% " + reference.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String trim(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public String toString() {
    return text();
  }
}
