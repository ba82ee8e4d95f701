package dev.flightplan.migration;

import java.util.List;
import java.util.Map;

/** Reads the few fields an undo needs out of an object snapshot (plain maps, as Kubernetes JSON). */
final class KubeFields {
  private KubeFields() {}

  static int replicas(Map<String, Object> deployment) {
    Object replicas = map(deployment, "spec").get("replicas");
    return replicas instanceof Number n ? n.intValue() : 1;
  }

  @SuppressWarnings("unchecked")
  static String image(Map<String, Object> deployment, String container) {
    Map<String, Object> podSpec = map(map(map(deployment, "spec"), "template"), "spec");
    List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec.getOrDefault("containers", List.of());
    for (Map<String, Object> c : containers) {
      if (container == null || container.equals(c.get("name"))) {
        return String.valueOf(c.get("image"));
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> selector(Map<String, Object> service) {
    Object selector = map(service, "spec").get("selector");
    return selector instanceof Map<?, ?> m ? Map.copyOf((Map<String, String>) m) : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object child = parent == null ? null : parent.get(key);
    return child instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
