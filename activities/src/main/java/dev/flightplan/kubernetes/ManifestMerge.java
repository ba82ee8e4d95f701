package dev.flightplan.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a manifest lands on a live object. The manifest is merged onto the live object the way a JSON
 * merge patch would (maps merge key by key, {@code null} removes, everything else replaces), except
 * that lists of named entries which other controllers add to — containers, init containers, volumes
 * — merge by {@code name}, so an injected sidecar survives an apply of a manifest that does not
 * mention it. Without a last-applied record, a field removed from the manifest stays on the live
 * object unless the manifest sets it to {@code null}.
 */
public final class ManifestMerge {

  /**
   * Lists whose entries are merged by name rather than replaced, because admission webhooks append
   * to them.
   */
  private static final Set<String> NAMED_LISTS = Set.of("containers", "initContainers", "volumes");

  /** Metadata the API server owns; never sent, never compared. */
  private static final Set<String> SERVER_METADATA =
      Set.of(
          "resourceVersion",
          "generation",
          "managedFields",
          "uid",
          "creationTimestamp",
          "selfLink",
          "deletionTimestamp",
          "deletionGracePeriodSeconds");

  private ManifestMerge() {}

  /** The live object as it will be once the manifest is applied. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> merge(Map<String, Object> live, Map<String, Object> manifest) {
    return (Map<String, Object>) mergeValue(live, withoutServerFields(manifest), null);
  }

  /**
   * A copy without what the API server owns: server-managed metadata and status. This is what "the
   * same object" means for undo: spec, labels, annotations, data and everything else the user owns.
   */
  public static Map<String, Object> withoutServerFields(Map<String, Object> object) {
    Map<String, Object> copy = JsonMaps.deepCopy(object);
    copy.remove("status");
    Map<String, Object> metadata = JsonMaps.map(copy, "metadata");
    if (metadata != null) {
      SERVER_METADATA.forEach(metadata::remove);
    }
    return copy;
  }

  /** True when both describe the same object, ignoring server-managed metadata and status. */
  public static boolean sameObject(Map<String, Object> a, Map<String, Object> b) {
    return JsonMaps.same(withoutServerFields(a), withoutServerFields(b));
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(Object live, Object manifest, String field) {
    if (manifest instanceof Map<?, ?> manifestMap && live instanceof Map<?, ?> liveMap) {
      Map<String, Object> result = JsonMaps.deepCopy((Map<String, Object>) liveMap);
      ((Map<String, Object>) manifestMap)
          .forEach(
              (key, value) -> {
                if (value == null) {
                  result.remove(key);
                } else {
                  result.put(key, mergeValue(result.get(key), value, key));
                }
              });
      return result;
    }
    if (NAMED_LISTS.contains(field)
        && manifest instanceof List<?> manifestList
        && live instanceof List<?> liveList
        && allNamed(manifestList)
        && allNamed(liveList)) {
      return mergeByName(
          (List<Map<String, Object>>) liveList, (List<Map<String, Object>>) manifestList);
    }
    return JsonMaps.deepCopy(manifest);
  }

  /**
   * Live order is kept (sidecars stay where the injector put them); entries new in the manifest are
   * appended.
   */
  private static List<Object> mergeByName(
      List<Map<String, Object>> live, List<Map<String, Object>> manifest) {
    Map<Object, Map<String, Object>> wanted = new LinkedHashMap<>();
    manifest.forEach(entry -> wanted.put(entry.get("name"), entry));
    List<Object> result = new ArrayList<>();
    for (Map<String, Object> entry : live) {
      Map<String, Object> update = wanted.remove(entry.get("name"));
      result.add(update == null ? JsonMaps.deepCopy(entry) : mergeValue(entry, update, null));
    }
    wanted.values().forEach(entry -> result.add(JsonMaps.deepCopy(entry)));
    return result;
  }

  private static boolean allNamed(List<?> list) {
    return list.stream().allMatch(item -> item instanceof Map<?, ?> map && map.get("name") != null);
  }
}
