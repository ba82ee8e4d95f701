package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What an approval step does when nobody decides in time. */
public enum OnTimeout {
  ROLLBACK,
  PROCEED,
  ABORT;

  @JsonCreator
  public static OnTimeout parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("'" + text + "' is not one of rollback, proceed, abort");
    }
  }

  @JsonValue
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
