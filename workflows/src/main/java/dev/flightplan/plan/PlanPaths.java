package dev.flightplan.plan;

import java.util.ArrayList;
import java.util.List;
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

  /**
   * The segments of a path built by {@link #field} and {@link #index}: a {@code String} per key and an {@code Integer}
   * per list index, so {@code a.b[2]["x.y"]} is {@code [a, b, 2, x.y]}.
   */
  public static List<Object> segments(String path) {
    List<Object> segments = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.') {
        i++;
      } else if (path.startsWith("[\"", i)) {
        StringBuilder key = new StringBuilder();
        int j = i + 2;
        while (j < path.length() && path.charAt(j) != '"') {
          if (path.charAt(j) == '\\' && j + 1 < path.length()) {
            j++;
          }
          key.append(path.charAt(j++));
        }
        segments.add(key.toString());
        i = j + 2;
      } else if (c == '[') {
        int end = path.indexOf(']', i);
        segments.add(Integer.parseInt(path.substring(i + 1, end)));
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        segments.add(path.substring(i, end));
        i = end;
      }
    }
    return segments;
  }
}
