package dev.flightplan.activities;

import java.util.Map;

/** Identifies one Kubernetes object. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {

  @SuppressWarnings("unchecked")
  public static ObjectRef of(Map<String, Object> manifest, String defaultNamespace) {
    Map<String, Object> metadata = (Map<String, Object>) manifest.getOrDefault("metadata", Map.of());
    Object namespace = metadata.get("namespace");
    return new ObjectRef(
        String.valueOf(manifest.get("apiVersion")),
        String.valueOf(manifest.get("kind")),
        namespace == null ? defaultNamespace : namespace.toString(),
        String.valueOf(metadata.get("name")));
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
