package dev.flightplan.cli;

import dev.flightplan.migration.TimelineEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds, in a migration's timeline, the entry its workflow recorded for a signal we sent: the
 * newest new entry whose {@code by} is the sender. The workflow records every signal it takes and
 * every one it refuses (entries whose kind starts with {@value #REFUSED_KIND}), so this tells
 * whether the signal counted, and why not.
 */
public final class SignalConfirmation {

  /** Timeline entries of this kind (or starting with it) record a refused signal. */
  public static final String REFUSED_KIND = "refused";

  /**
   * How far the server's clock may be behind ours when we could not read the timeline before
   * sending.
   */
  static final long CLOCK_SKEW_MILLIS = 1_000;

  public record Outcome(boolean accepted, TimelineEntry entry) {}

  private SignalConfirmation() {}

  /**
   * {@code before} is the timeline read just before sending (null if it could not be read: then
   * entries at or after {@code sentAtMillis} count as new).
   */
  public static Optional<Outcome> find(
      List<TimelineEntry> before, List<TimelineEntry> after, String by, long sentAtMillis) {
    List<TimelineEntry> fresh = new ArrayList<>(after == null ? List.of() : after);
    if (before != null) {
      for (TimelineEntry seen : before) {
        fresh.remove(seen);
      }
    } else {
      fresh.removeIf(entry -> entry.atMillis() < sentAtMillis - CLOCK_SKEW_MILLIS);
    }
    for (int i = fresh.size() - 1; i >= 0; i--) {
      TimelineEntry entry = fresh.get(i);
      if (entry.by() != null && entry.by().trim().equals(by)) {
        return Optional.of(new Outcome(!isRefusal(entry), entry));
      }
    }
    return Optional.empty();
  }

  static boolean isRefusal(TimelineEntry entry) {
    return entry.kind() != null && entry.kind().toLowerCase(Locale.ROOT).startsWith(REFUSED_KIND);
  }
}
