package dev.flightplan.traffic;

import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import java.util.LinkedHashMap;
import java.util.Map;

/** Arithmetic shared by routers that split traffic by relative weights. */
final class Weights {

  private Weights() {}

  /** {@code part} as a whole percentage of {@code total}; 0 when nothing carries any weight. */
  static int percent(double part, double total) {
    return total <= 0 ? 0 : (int) Math.round(100.0 * part / total);
  }

  /**
   * A weight field: {@code fallback} when absent, the number when it is one (JSON may bring it back
   * as a whole or a decimal number), bad input otherwise.
   */
  static int weight(Object value, int fallback, String where) {
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number number) {
      return number.intValue();
    }
    throw KubernetesErrors.badInput(where + " has weight '" + value + "', not a number");
  }

  /**
   * Copies {@code key} from {@code source} to {@code snapshot} only when present, so absence is
   * recorded too.
   */
  static void copyIfPresent(Map<String, Object> source, String key, Map<String, Object> snapshot) {
    if (source != null && source.containsKey(key)) {
      snapshot.put(key, source.get(key));
    }
  }

  /** Puts {@code key} back as {@code snapshot} has it: the same value, or absent. */
  static void putBack(Map<String, Object> snapshot, String key, Map<String, Object> target) {
    if (snapshot.containsKey(key)) {
      target.put(key, JsonMaps.deepCopy(snapshot.get(key)));
    } else {
      target.remove(key);
    }
  }

  static Map<String, Object> snapshot(String objectKey, String name) {
    Map<String, Object> snapshot = new LinkedHashMap<>();
    snapshot.put(objectKey, name);
    return snapshot;
  }
}
