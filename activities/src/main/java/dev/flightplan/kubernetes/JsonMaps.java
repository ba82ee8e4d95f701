package dev.flightplan.kubernetes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Helpers for Kubernetes objects held as plain JSON-shaped maps and lists: the form undo records
 * take, because it survives Temporal's JSON round trip for any kind.
 */
public final class JsonMaps {

  private JsonMaps() {}

  /** A deep, mutable copy of maps and lists; leaves are shared (they are immutable). */
  @SuppressWarnings("unchecked")
  public static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return value;
  }

  /**
   * Structural equality that treats numbers by value: after a JSON round trip 3 may come back as an
   * Integer, a Long or a Double, and that must not count as a change.
   */
  public static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !same(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /** The map under {@code key}, or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent == null ? null : parent.get(key);
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  /** The map under {@code key}, created when absent. */
  public static Map<String, Object> child(Map<String, Object> parent, String key) {
    Map<String, Object> existing = map(parent, key);
    if (existing != null) {
      return existing;
    }
    Map<String, Object> created = new LinkedHashMap<>();
    parent.put(key, created);
    return created;
  }

  /** The list of maps under {@code key}, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> maps(Map<String, Object> parent, String key) {
    Object value = parent == null ? null : parent.get(key);
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    List<Map<String, Object>> result = new ArrayList<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?>) {
        result.add((Map<String, Object>) item);
      }
    }
    return result;
  }

  /** The value at a path of map keys, or null. */
  public static Object at(Map<String, Object> root, String... path) {
    Map<String, Object> current = root;
    for (int i = 0; i < path.length - 1; i++) {
      current = map(current, path[i]);
      if (current == null) {
        return null;
      }
    }
    return current == null ? null : current.get(path[path.length - 1]);
  }

  /** The integer at a path, or {@code fallback} when absent. */
  public static int intAt(Map<String, Object> root, int fallback, String... path) {
    Object value = at(root, path);
    return value instanceof Number n ? n.intValue() : fallback;
  }

  /** A string-to-string map (labels, selectors) as plain strings, never null. */
  public static Map<String, String> strings(Object value) {
    Map<String, String> result = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> result.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    }
    return result;
  }
}
