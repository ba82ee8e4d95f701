package dev.flightplan.cli;

import dev.flightplan.plan.PlanDuration;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Durations on the command line read like in plans: {@code 500ms}, {@code 30s}, {@code 10m}, {@code
 * 24h}, {@code 7d}.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    try {
      return PlanDuration.parse(text).toDuration();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
