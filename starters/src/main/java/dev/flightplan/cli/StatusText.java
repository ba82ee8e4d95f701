package dev.flightplan.cli;

import dev.flightplan.migration.TimelineEntry;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The pieces the migration and fleet status views share: labels, UTC times, and the timeline's last entries. */
final class StatusText {

  static final int TIMELINE_ENTRIES = 10;

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private StatusText() {}

  /** An indented label padded so that the values after it line up. */
  static String label(String name) {
    return String.format(Locale.ROOT, "  %-9s ", name);
  }

  static String orDash(String text) {
    return text == null || text.isBlank() ? "-" : text;
  }

  /**
   * The last {@link #TIMELINE_ENTRIES} entries under a "timeline (UTC)" heading, the kind padded to {@code kindWidth};
   * nothing when the timeline is empty.
   */
  static List<String> timeline(List<TimelineEntry> timeline, int kindWidth) {
    List<String> lines = new ArrayList<>();
    if (timeline == null || timeline.isEmpty()) {
      return lines;
    }
    int from = Math.max(0, timeline.size() - TIMELINE_ENTRIES);
    lines.add(
        "timeline (UTC" + (from > 0 ? ", last " + TIMELINE_ENTRIES + " of " + timeline.size() : "") + ")");
    for (TimelineEntry entry : timeline.subList(from, timeline.size())) {
      lines.add(
          "  "
              + TIME.format(Instant.ofEpochMilli(entry.atMillis()))
              + "  "
              + String.format(Locale.ROOT, "%-" + kindWidth + "s", orDash(entry.kind()))
              + " "
              + orDash(entry.text())
              + (entry.by() == null || entry.by().isBlank() ? "" : "  [" + entry.by() + "]"));
    }
    return lines;
  }
}
