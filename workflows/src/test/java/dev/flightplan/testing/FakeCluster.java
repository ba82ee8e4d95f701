package dev.flightplan.testing;

import dev.flightplan.activities.KubernetesActivities;
import dev.flightplan.activities.ObjectRef;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory cluster behind the Kubernetes activity port, for workflow tests: objects are plain maps, every call is
 * logged, and any call can be made to fail.
 */
public final class FakeCluster implements KubernetesActivities {
  private final CallLog log;
  private final Map<String, Map<String, Object>> objects = new HashMap<>();
  private final Set<String> failing = new HashSet<>();
  private final Map<String, Integer> failuresLeft = new HashMap<>();
  private final List<Map<String, Object>> restoredSnapshots = new ArrayList<>();
  private final List<Map<String, Object>> applyBefores = new ArrayList<>();

  public FakeCluster(CallLog log) {
    this.log = log;
  }

  /** Every call whose log line starts with {@code prefix} fails, non-retryably. */
  public synchronized FakeCluster failOn(String prefix) {
    failing.add(prefix);
    return this;
  }

  /** The next {@code times} calls starting with {@code prefix} fail, later ones succeed. */
  public synchronized FakeCluster failTimes(String prefix, int times) {
    failuresLeft.put(prefix, times);
    return this;
  }

  public synchronized FakeCluster put(Map<String, Object> object) {
    objects.put(key(ObjectRef.of(object, "default")), deepCopy(object));
    return this;
  }

  public synchronized Map<String, Object> object(String kind, String name) {
    return objects.get(kind + "/default/" + name);
  }

  public synchronized List<Map<String, Object>> applyBefores() {
    return java.util.Collections.unmodifiableList(new ArrayList<>(applyBefores));
  }

  public synchronized List<Map<String, Object>> restoredSnapshots() {
    return java.util.Collections.unmodifiableList(new ArrayList<>(restoredSnapshots));
  }

  @Override
  public synchronized Map<String, Object> get(ObjectRef ref) {
    call("get " + ref);
    Map<String, Object> object = objects.get(key(ref));
    return object == null ? null : deepCopy(object);
  }

  @Override
  public synchronized ApplyResult apply(ApplyRequest request) {
    ObjectRef ref = ObjectRef.of(request.manifest(), request.namespace());
    call("apply " + ref);
    Map<String, Object> before = objects.get(key(ref));
    objects.put(key(ref), deepCopy(request.manifest()));
    Map<String, Object> beforeCopy = before == null ? null : deepCopy(before);
    applyBefores.add(beforeCopy);
    return new ApplyResult(ref, beforeCopy, before == null, !request.manifest().equals(before));
  }

  @Override
  public synchronized void restore(RestoreRequest request) {
    call("restore " + request.ref());
    restoredSnapshots.add(request.before());
    if (request.before() == null) {
      objects.remove(key(request.ref()));
    } else {
      objects.put(key(request.ref()), deepCopy(request.before()));
    }
  }

  @Override
  public synchronized RolloutStatus awaitRollout(RolloutRequest request) {
    call("awaitRollout " + request.deployment());
    int replicas = replicasOf(request.deployment());
    return new RolloutStatus(request.deployment(), replicas, replicas, replicas, 0);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized ScaleResult scale(ScaleRequest request) {
    call("scale " + request.deployment() + " " + request.replicas());
    Map<String, Object> deployment = requireObject("Deployment", request.deployment());
    int previous = replicasOf(request.deployment());
    ((Map<String, Object>) deployment.get("spec")).put("replicas", request.replicas());
    return new ScaleResult(request.deployment(), previous);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized SetImageResult setImage(SetImageRequest request) {
    call("setImage " + request.deployment() + " " + request.image());
    Map<String, Object> deployment = requireObject("Deployment", request.deployment());
    Map<String, Object> podSpec =
        (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
    Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
    String previous = (String) container.get("image");
    container.put("image", request.image());
    return new SetImageResult(request.deployment(), (String) container.get("name"), previous);
  }

  @Override
  @SuppressWarnings("unchecked")
  public synchronized SelectorResult setSelector(SelectorRequest request) {
    call("setSelector " + request.service() + " " + new java.util.TreeMap<>(request.selector()));
    Map<String, Object> service = requireObject("Service", request.service());
    Map<String, Object> spec = (Map<String, Object>) service.get("spec");
    Map<String, String> previous = Map.copyOf((Map<String, String>) spec.get("selector"));
    spec.put("selector", new LinkedHashMap<>(request.selector()));
    return new SelectorResult(request.service(), previous);
  }

  @Override
  public synchronized Map<String, Object> delete(ObjectRef ref) {
    call("delete " + ref);
    return objects.remove(key(ref));
  }

  @Override
  public synchronized JobResult runJob(JobRequest request) {
    String line = "runJob " + request.name();
    if (shouldFail(line)) {
      log.add(line + " (failed)");
      return new JobResult(request.name(), false, "BackoffLimitExceeded", "pg_dump: connection refused");
    }
    log.add(line);
    return new JobResult(request.name(), true, "Complete", null);
  }

  @Override
  public synchronized PreflightResult preflight(PreflightRequest request) {
    call("preflight");
    List<String> problems = new ArrayList<>();
    for (ObjectRef ref : request.mustExist()) {
      if (!objects.containsKey(key(ref))) {
        problems.add(ref + " not found" + request.neededBy(ref));
      }
    }
    return new PreflightResult(problems, request.access().stream().map(AccessCheck::toString).toList());
  }

  private void call(String line) {
    if (shouldFail(line)) {
      log.add(line + " (failed)");
      throw ApplicationFailure.newNonRetryableFailure("simulated failure of " + line, "Simulated");
    }
    log.add(line);
  }

  private boolean shouldFail(String line) {
    for (String prefix : failing) {
      if (line.startsWith(prefix)) {
        return true;
      }
    }
    for (Map.Entry<String, Integer> entry : failuresLeft.entrySet()) {
      if (line.startsWith(entry.getKey()) && entry.getValue() > 0) {
        entry.setValue(entry.getValue() - 1);
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private int replicasOf(String deployment) {
    Map<String, Object> object = objects.get("Deployment/default/" + deployment);
    if (object == null) {
      return 0;
    }
    Object replicas = ((Map<String, Object>) object.getOrDefault("spec", Map.of())).get("replicas");
    return replicas instanceof Number n ? n.intValue() : 1;
  }

  private Map<String, Object> requireObject(String kind, String name) {
    Map<String, Object> object = objects.get(kind + "/default/" + name);
    if (object == null) {
      throw ApplicationFailure.newNonRetryableFailure(kind + " " + name + " not found", "NotFound");
    }
    return object;
  }

  private static String key(ObjectRef ref) {
    return ref.kind() + "/" + ref.namespace() + "/" + ref.name();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> source) {
    Map<String, Object> copy = new LinkedHashMap<>();
    source.forEach((k, v) -> copy.put(k, copyValue(v)));
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Object copyValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      return deepCopy((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(FakeCluster::copyValue).toList());
    }
    return value;
  }
}
