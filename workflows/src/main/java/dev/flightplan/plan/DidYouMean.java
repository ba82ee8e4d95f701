package dev.flightplan.plan;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest valid name for a misspelt one (edit distance, ignoring case). */
public final class DidYouMean {
  private DidYouMean() {}

  /** The candidate closest to {@code wrong}, if it is close enough to be a likely typo. */
  public static Optional<String> closest(String wrong, Collection<String> candidates) {
    String typed = wrong.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(typed, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best != null && bestDistance <= tolerance(typed.length()) ? Optional.of(best) : Optional.empty();
  }

  /** Short names tolerate one slip, longer ones two or three. */
  private static int tolerance(int length) {
    if (length <= 4) {
      return 1;
    }
    return length <= 8 ? 2 : 3;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
