package dev.flightplan.demo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One change request the simulated API server answered: when, what, on which object, with which outcome. {@code
 * resource} is the plural resource name ({@code deployments}), {@code subresource} e.g. {@code status} or {@code
 * scale}; {@code replicas} is the {@code spec.replicas} the request asked for, when it set one. The object's name of
 * a create comes from the request body.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterWrite(
    long timeMillis,
    String method,
    String path,
    int status,
    String resource,
    String namespace,
    String name,
    String subresource,
    Integer replicas,
    String body) {

  static final int MAX_BODY = 8_192;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether the server accepted it. */
  public boolean succeeded() {
    return status >= 200 && status < 300;
  }

  /** {@code deployments shop/checkout-green}: one object, whatever subresource the write went to. */
  public String objectKey() {
    return resource + " " + (namespace == null ? "" : namespace + "/") + name;
  }

  /** A write by a controller (the rollout simulator) rather than by a client changing the desired state. */
  @JsonIgnore
  public boolean isStatusWrite() {
    return "status".equals(subresource);
  }

  public static ClusterWrite of(long timeMillis, String method, String rawPath, int status, String body) {
    String path = rawPath == null ? "" : rawPath.split("\\?", 2)[0];
    List<String> segments = new ArrayList<>(Arrays.asList(path.replaceFirst("^/", "").split("/")));
    // /api/v1/... or /apis/<group>/<version>/...: what follows names the object.
    int skip = segments.isEmpty() ? 0 : segments.get(0).equals("api") ? 2 : segments.get(0).equals("apis") ? 3 : 0;
    List<String> rest = segments.subList(Math.min(skip, segments.size()), segments.size());
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.isEmpty() ? "" : rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String subresource = rest.size() > 2 ? rest.get(2) : null;
    JsonNode parsed = parse(body);
    if (name == null && parsed != null) {
      name = parsed.path("metadata").path("name").asText(null);
    }
    String kept = body == null || body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY);
    return new ClusterWrite(
        timeMillis, method, path, status, resource, namespace, name, subresource, replicas(parsed), kept);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (Exception notJson) {
      return null;
    }
  }

  /** {@code spec.replicas} of an object or merge patch, or the value of a JSON Patch op on {@code /spec/replicas}. */
  private static Integer replicas(JsonNode body) {
    if (body == null) {
      return null;
    }
    if (body.isArray()) {
      Integer found = null;
      for (JsonNode op : body) {
        if ("/spec/replicas".equals(op.path("path").asText()) && op.path("value").isInt()) {
          found = op.path("value").asInt();
        }
      }
      return found;
    }
    JsonNode replicas = body.path("spec").path("replicas");
    return replicas.isInt() ? replicas.asInt() : null;
  }
}
