package dev.flightplan.plan;

import java.util.regex.Pattern;

/** Builds the paths problems are reported at: {@code spec.phases[1].steps[0].canary.weights}. */
public final class PlanPaths {
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private PlanPaths() {}

  /** The path of a field or map key under {@code parent}; keys with dots or spaces are quoted. */
  public static String field(String parent, String key) {
    String segment = PLAIN_KEY.matcher(key).matches() ? key : "[\"" + key.replace("\"", "\\\"") + "\"]";
    if (parent.isEmpty()) {
      return segment;
    }
    return segment.startsWith("[") ? parent + segment : parent + "." + segment;
  }

  /** The path of a list element. */
  public static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** Whether {@code path} is {@code prefix} itself or lies inside it. */
  public static boolean isWithin(String path, String prefix) {
    return path.equals(prefix)
        || (path.startsWith(prefix)
            && (path.charAt(prefix.length()) == '.' || path.charAt(prefix.length()) == '['));
  }
}
