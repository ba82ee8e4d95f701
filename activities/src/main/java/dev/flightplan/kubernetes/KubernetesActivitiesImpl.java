package dev.flightplan.kubernetes;

import dev.flightplan.activities.KubernetesActivities;
import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes through fabric8. Every change first records the object as it was (returned as the undo
 * record, and kept in heartbeat details so a retried attempt returns the same one), then writes
 * with optimistic locking, and treats "already so" as success.
 *
 * <p>Apply merges the manifest onto the live object with JSON merge patch semantics (see {@link
 * ManifestMerge}) and writes the result with a PUT carrying the resourceVersion it read, retrying
 * on 409. Neither server-side apply nor a merge-patch request is used: fabric8's mock server, which
 * the tests and the demo run against, answers the first with 415 and applies the second by
 * appending to arrays (and storing nulls), so the same request would mean something else there than
 * in a cluster.
 */
public class KubernetesActivitiesImpl implements KubernetesActivities {

  private static final Logger log = LoggerFactory.getLogger(KubernetesActivitiesImpl.class);
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

  /** How many of the last lines of each container's log a failed Job's result carries. */
  public static final int JOB_LOG_TAIL_LINES = 100;

  private final ClusterObjects objects;
  private final Heartbeat heartbeat;
  private final RolloutWaiter rollouts;
  private final JobRunner jobs;
  private final Preflight preflight;

  public KubernetesActivitiesImpl(KubernetesClient client) {
    this(client, Heartbeat.temporal(), DEFAULT_POLL_INTERVAL);
  }

  public KubernetesActivitiesImpl(
      KubernetesClient client, Heartbeat heartbeat, Duration pollInterval) {
    this.objects = new ClusterObjects(client);
    this.heartbeat = heartbeat;
    this.rollouts = new RolloutWaiter(client, heartbeat, pollInterval);
    this.jobs = new JobRunner(client, heartbeat, pollInterval);
    this.preflight = new Preflight(objects);
  }

  @Override
  public ApplyResult apply(ApplyRequest request) {
    Map<String, Object> manifest = request.manifest();
    if (manifest == null
        || manifest.get("apiVersion") == null
        || manifest.get("kind") == null
        || JsonMaps.at(manifest, "metadata", "name") == null) {
      throw KubernetesErrors.badInput("manifest needs apiVersion, kind and metadata.name");
    }
    ObjectRef ref = objects.scoped(ObjectRef.of(manifest, request.namespace()));
    Map<String, Object> wanted = JsonMaps.deepCopy(manifest);
    if (ref.namespace() != null) {
      JsonMaps.child(wanted, "metadata").put("namespace", ref.namespace());
    } else {
      JsonMaps.child(wanted, "metadata").remove("namespace");
    }
    Checkpoint first = checkpoint(ref);
    Map<String, Object> after =
        objects.withConflictRetries(
            "apply",
            ref,
            () -> {
              if (objects.get(ref).isEmpty()) {
                log.info("apply {}: creating", ref);
                return objects.create(ref, wanted);
              }
              ClusterObjects.Edit edit =
                  objects.edit(ref, live -> ManifestMerge.merge(live, wanted));
              log.info(
                  "apply {}: {}",
                  ref,
                  edit.changed() ? "merged onto the live object" : "already as the manifest says");
              return edit.after();
            });
    boolean created = !first.existed();
    boolean changed = created || !ManifestMerge.sameObject(first.before(), after);
    return new ApplyResult(ref, first.before(), created, changed);
  }

  @Override
  public void restore(RestoreRequest request) {
    ObjectRef ref = objects.scoped(request.ref());
    Map<String, Object> before = request.before();
    if (before == null) {
      boolean deleted = objects.delete(ref);
      log.info(
          "restore {}: it did not exist before; {}", ref, deleted ? "deleted" : "already gone");
      return;
    }
    Map<String, Object> wanted = ManifestMerge.withoutServerFields(before);
    objects.withConflictRetries(
        "restore",
        ref,
        () -> {
          if (objects.get(ref).isEmpty()) {
            log.info("restore {}: re-creating it from the snapshot", ref);
            return objects.create(ref, forRecreate(wanted));
          }
          ClusterObjects.Edit edit = objects.edit(ref, live -> JsonMaps.deepCopy(wanted));
          log.info("restore {}: {}", ref, edit.changed() ? "put back" : "already as before");
          return edit.after();
        });
  }

  @Override
  public RolloutStatus awaitRollout(RolloutRequest request) {
    return rollouts.await(request);
  }

  @Override
  public ScaleResult scale(ScaleRequest request) {
    if (request.replicas() < 0) {
      throw KubernetesErrors.badInput("replicas must be 0 or more, not " + request.replicas());
    }
    ObjectRef ref = deployment(request.namespace(), request.deployment());
    Map<String, Object> before = existing(checkpoint(ref), "scale");
    objects.edit(
        ref,
        object -> {
          JsonMaps.child(object, "spec").put("replicas", request.replicas());
          return object;
        });
    int previous = JsonMaps.intAt(before, 1, "spec", "replicas");
    log.info("scale {}: {} -> {}", ref, previous, request.replicas());
    return new ScaleResult(request.deployment(), previous);
  }

  @Override
  public SetImageResult setImage(SetImageRequest request) {
    if (request.image() == null || request.image().isBlank()) {
      throw KubernetesErrors.badInput("setImage needs an image");
    }
    ObjectRef ref = deployment(request.namespace(), request.deployment());
    Map<String, Object> before = existing(checkpoint(ref), "set image of");
    String container = containerName(ref, before, request.container());
    String previous = String.valueOf(containerOf(before, container).get("image"));
    objects.edit(
        ref,
        object -> {
          containerOf(object, container).put("image", request.image());
          return object;
        });
    log.info("set image {} container {}: {} -> {}", ref, container, previous, request.image());
    return new SetImageResult(request.deployment(), container, previous);
  }

  @Override
  public SelectorResult setSelector(SelectorRequest request) {
    if (request.selector() == null || request.selector().isEmpty()) {
      throw KubernetesErrors.badInput("setSelector needs a non-empty selector");
    }
    ObjectRef ref = new ObjectRef("v1", "Service", request.namespace(), request.service());
    Map<String, Object> before = existing(checkpoint(ref), "set selector of");
    objects.edit(
        ref,
        object -> {
          JsonMaps.child(object, "spec").put("selector", new LinkedHashMap<>(request.selector()));
          return object;
        });
    Map<String, String> previous = JsonMaps.strings(JsonMaps.at(before, "spec", "selector"));
    log.info("set selector {}: {} -> {}", ref, previous, request.selector());
    return new SelectorResult(request.service(), previous);
  }

  @Override
  public Map<String, Object> get(ObjectRef objectRef) {
    return objects.get(objects.scoped(objectRef)).orElse(null);
  }

  @Override
  public Map<String, Object> delete(ObjectRef objectRef) {
    ObjectRef ref = objects.scoped(objectRef);
    Checkpoint first = checkpoint(ref);
    boolean deleted = objects.delete(ref);
    log.info("delete {}: {}", ref, deleted ? "deleted" : "already gone");
    return first.before();
  }

  @Override
  public JobResult runJob(JobRequest request) {
    return jobs.run(request);
  }

  @Override
  public PreflightResult preflight(PreflightRequest request) {
    return preflight.run(request);
  }

  /**
   * The object as this activity first saw it: from an earlier attempt's heartbeat when this is a
   * retry, otherwise read now and recorded before anything changes.
   */
  private Checkpoint checkpoint(ObjectRef ref) {
    Optional<Checkpoint> earlier =
        heartbeat.previous(Checkpoint.class).filter(c -> ref.equals(c.ref()));
    if (earlier.isPresent()) {
      log.info("{}: retry; keeping the undo record of the first attempt", ref);
      return earlier.get();
    }
    Optional<Map<String, Object>> live = objects.get(ref);
    Checkpoint checkpoint =
        new Checkpoint(ref, live.map(Checkpoint::snapshot).orElse(null), live.isPresent());
    heartbeat.beat(checkpoint);
    return checkpoint;
  }

  private static Map<String, Object> existing(Checkpoint checkpoint, String verb) {
    if (!checkpoint.existed()) {
      throw KubernetesErrors.notFound(verb, checkpoint.ref());
    }
    return checkpoint.before();
  }

  private static ObjectRef deployment(String namespace, String name) {
    return new ObjectRef("apps/v1", "Deployment", namespace, name);
  }

  private static String containerName(
      ObjectRef ref, Map<String, Object> deployment, String requested) {
    List<String> names =
        containers(deployment).stream()
            .map(c -> String.valueOf(c.get("name")))
            .collect(Collectors.toList());
    if (requested == null) {
      if (names.size() != 1) {
        throw KubernetesErrors.badInput(
            ref
                + " has "
                + names.size()
                + " containers "
                + names
                + ": name the container whose image to set");
      }
      return names.get(0);
    }
    if (!names.contains(requested)) {
      throw KubernetesErrors.badInput(
          ref + " has no container " + requested + " (containers: " + names + ")");
    }
    return requested;
  }

  private static Map<String, Object> containerOf(Map<String, Object> deployment, String name) {
    return containers(deployment).stream()
        .filter(c -> name.equals(c.get("name")))
        .findFirst()
        .orElseThrow(() -> KubernetesErrors.badInput("container " + name + " disappeared"));
  }

  private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
    return JsonMaps.maps(
        JsonMaps.map(JsonMaps.map(JsonMaps.map(deployment, "spec"), "template"), "spec"),
        "containers");
  }

  /**
   * A snapshot ready to be created again: a Service's cluster IP is allocated anew, as the old one
   * may be taken.
   */
  private static Map<String, Object> forRecreate(Map<String, Object> snapshot) {
    Map<String, Object> copy = JsonMaps.deepCopy(snapshot);
    if ("Service".equals(copy.get("kind"))) {
      Map<String, Object> spec = JsonMaps.map(copy, "spec");
      if (spec != null && !"None".equals(spec.get("clusterIP"))) {
        spec.remove("clusterIP");
        spec.remove("clusterIPs");
      }
    }
    return copy;
  }
}
