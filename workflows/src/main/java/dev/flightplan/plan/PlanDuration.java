package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as people write it in plans: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 24h}, {@code 3d}, or a
 * combination such as {@code 1h30m}. Serialised back to the same text, so workflow history stays readable.
 */
public record PlanDuration(long millis) implements Comparable<PlanDuration> {
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  public PlanDuration {
    if (millis < 0) {
      throw new IllegalArgumentException("a duration cannot be negative");
    }
  }

  @JsonCreator
  public static PlanDuration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty duration: write e.g. 30s, 10m, 24h or 3d");
    }
    String trimmed = text.trim();
    Matcher matcher = PART.matcher(trimmed);
    long total = 0;
    int end = 0;
    while (matcher.find()) {
      if (matcher.start() != end) {
        break;
      }
      long amount = Long.parseLong(matcher.group(1));
      total += switch (matcher.group(2)) {
        case "ms" -> amount;
        case "s" -> amount * 1_000L;
        case "m" -> amount * 60_000L;
        case "h" -> amount * 3_600_000L;
        default -> amount * 86_400_000L;
      };
      end = matcher.end();
    }
    if (end == 0 || end != trimmed.length()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 30s, 10m, 24h, 3d");
    }
    return new PlanDuration(total);
  }

  public static PlanDuration ofMillis(long millis) {
    return new PlanDuration(millis);
  }

  public static PlanDuration ofSeconds(long seconds) {
    return new PlanDuration(seconds * 1_000L);
  }

  public static PlanDuration ofMinutes(long minutes) {
    return new PlanDuration(minutes * 60_000L);
  }

  public Duration toDuration() {
    return Duration.ofMillis(millis);
  }

  @JsonValue
  public String text() {
    if (millis == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long rest = millis;
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (rest >= sizes[i]) {
        out.append(rest / sizes[i]).append(units[i]);
        rest %= sizes[i];
      }
    }
    return out.toString();
  }

  @Override
  public int compareTo(PlanDuration other) {
    return Long.compare(millis, other.millis);
  }

  @Override
  public String toString() {
    return text();
  }
}
