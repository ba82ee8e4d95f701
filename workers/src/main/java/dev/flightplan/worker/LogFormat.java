package dev.flightplan.worker;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses how log lines look, from {@code FLIGHTPLAN_LOG_FORMAT}: {@code text} (the default: one
 * readable line each, for a terminal) or {@code json} (one JSON object per line, for a log
 * collector). {@code logback.xml} asks this class which of {@code flightplan-log-text.xml} and
 * {@code flightplan-log-json.xml} to include, so the choice needs no conditional configuration. An
 * unknown value logs as text here; the worker refuses to start on it ({@link WorkerConfig}), so a
 * typo is noticed at once.
 */
public final class LogFormat extends PropertyDefinerBase {

  public static final String VARIABLE = "FLIGHTPLAN_LOG_FORMAT";
  public static final String TEXT = "text";
  public static final String JSON = "json";

  private String format;

  /** The configured text, as {@code logback.xml} substitutes it from the environment. */
  public void setFormat(String format) {
    this.format = format;
  }

  @Override
  public String getPropertyValue() {
    return parse(format).orElse(TEXT);
  }

  /** {@code json} or {@code text} for a valid value (any case; blank means text), else empty. */
  public static Optional<String> parse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.of(TEXT);
    }
    String normalized = text.trim().toLowerCase(Locale.ROOT);
    return normalized.equals(TEXT) || normalized.equals(JSON)
        ? Optional.of(normalized)
        : Optional.empty();
  }
}
