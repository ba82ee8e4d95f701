package dev.flightplan.kubernetes;

import dev.flightplan.activities.KubernetesActivities.JobRequest;
import dev.flightplan.activities.KubernetesActivities.JobResult;
import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Kubernetes Job to completion. Idempotent: a Job of that name left by an earlier attempt is
 * adopted, not created again. A failed or timed-out Job is a result (succeeded=false) carrying the
 * tail of its pods' logs, so the person reading the timeline sees why without a kubectl session.
 */
final class JobRunner {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** Logs go into workflow history: keep them to what a person reads. */
  static final int MAX_LOG_CHARS = 16_000;

  private static final int DEFAULT_BACKOFF_LIMIT = 6;
  private static final int LOG_READY_WAIT_MILLIS = 2_000;

  private final KubernetesClient client;
  private final Heartbeat heartbeat;
  private final Duration pollInterval;

  JobRunner(KubernetesClient client, Heartbeat heartbeat, Duration pollInterval) {
    this.client = client;
    this.heartbeat = heartbeat;
    this.pollInterval = pollInterval;
  }

  JobResult run(JobRequest request) {
    if (request.name() == null || request.name().isBlank() || request.template() == null) {
      throw KubernetesErrors.badInput("job needs a name and a template");
    }
    ObjectRef ref = new ObjectRef("batch/v1", "Job", request.namespace(), request.name());
    Job job = createOrAdopt(ref, request);
    long started = System.nanoTime();
    while (true) {
      JobStatus status = job.getStatus() == null ? new JobStatus() : job.getStatus();
      String failure = failure(job, status);
      long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
      if (orZero(status.getSucceeded()) >= 1) {
        log.info("{} succeeded after {} ms", ref, waited);
        return new JobResult(ref.name(), true, ref + " succeeded", null);
      }
      if (failure != null) {
        log.warn("{} failed: {}", ref, failure);
        return new JobResult(ref.name(), false, ref + " failed: " + failure, logs(ref));
      }
      String progress = counts(status);
      heartbeat.beat(progress);
      long remaining = request.timeoutMillis() - waited;
      if (remaining <= 0) {
        String message =
            ref
                + " did not finish within "
                + request.timeoutMillis()
                + " ms ("
                + progress
                + "); it is left in place";
        log.warn("{}", message);
        return new JobResult(ref.name(), false, message, logs(ref));
      }
      KubernetesErrors.pause(Math.min(pollInterval.toMillis(), remaining));
      job = KubernetesErrors.call("get", ref, () -> jobs(ref).get());
      if (job == null) {
        return new JobResult(ref.name(), false, ref + " was deleted before it finished", null);
      }
    }
  }

  private Job createOrAdopt(ObjectRef ref, JobRequest request) {
    Job existing = KubernetesErrors.call("get", ref, () -> jobs(ref).get());
    if (existing != null) {
      log.info("{} already exists (an earlier attempt created it): adopting it", ref);
      return existing;
    }
    Job job =
        client
            .getKubernetesSerialization()
            .convertValue(jobManifest(ref, request.template()), Job.class);
    try {
      return client.batch().v1().jobs().inNamespace(ref.namespace()).resource(job).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        Job raced = KubernetesErrors.call("get", ref, () -> jobs(ref).get());
        if (raced != null) {
          return raced;
        }
      }
      throw KubernetesErrors.classify("create", ref, e);
    }
  }

  /** The template is a Job manifest, or just a Job spec (a map with a pod {@code template}). */
  private static Map<String, Object> jobManifest(ObjectRef ref, Map<String, Object> template) {
    Map<String, Object> manifest;
    if (template.containsKey("kind") || template.containsKey("spec")) {
      manifest = JsonMaps.deepCopy(template);
    } else {
      manifest = new LinkedHashMap<>();
      manifest.put("spec", JsonMaps.deepCopy(template));
    }
    Object kind = manifest.get("kind");
    if (kind != null && !"Job".equals(kind)) {
      throw KubernetesErrors.badInput("job template must be a Job, not a " + kind);
    }
    manifest.put("apiVersion", "batch/v1");
    manifest.put("kind", "Job");
    Map<String, Object> metadata = JsonMaps.child(manifest, "metadata");
    metadata.put("name", ref.name());
    metadata.put("namespace", ref.namespace());
    metadata.remove("resourceVersion");
    metadata.remove("uid");
    manifest.remove("status");
    return manifest;
  }

  private static String failure(Job job, JobStatus status) {
    if (status.getConditions() != null) {
      for (JobCondition condition : status.getConditions()) {
        if ("Failed".equals(condition.getType()) && "True".equals(condition.getStatus())) {
          String reason = condition.getReason() == null ? "Failed" : condition.getReason();
          return reason + (condition.getMessage() == null ? "" : ": " + condition.getMessage());
        }
      }
    }
    Integer limit = job.getSpec() == null ? null : job.getSpec().getBackoffLimit();
    int backoffLimit = limit == null ? DEFAULT_BACKOFF_LIMIT : limit;
    if (orZero(status.getFailed()) > backoffLimit) {
      return status.getFailed() + " failed pods, more than backoffLimit " + backoffLimit;
    }
    return null;
  }

  /**
   * The tail of every container's log of every pod of the Job; says why when a log cannot be read.
   */
  private String logs(ObjectRef ref) {
    List<Pod> pods;
    try {
      pods =
          client
              .pods()
              .inNamespace(ref.namespace())
              .withLabel("job-name", ref.name())
              .list()
              .getItems();
    } catch (KubernetesClientException e) {
      return "logs unavailable: cannot list pods with label job-name="
          + ref.name()
          + ": "
          + KubernetesErrors.describe(e);
    }
    if (pods.isEmpty()) {
      return "logs unavailable: no pods with label job-name=" + ref.name();
    }
    StringBuilder logs = new StringBuilder();
    for (Pod pod : pods) {
      List<Container> containers =
          pod.getSpec() == null ? List.of() : pod.getSpec().getContainers();
      for (Container container : containers) {
        logs.append("--- pod ").append(pod.getMetadata().getName());
        if (containers.size() > 1) {
          logs.append(" container ").append(container.getName());
        }
        logs.append(" ---\n").append(log(ref, pod, container, containers.size() > 1));
        if (logs.length() > 0 && logs.charAt(logs.length() - 1) != '\n') {
          logs.append('\n');
        }
      }
    }
    return logs.length() <= MAX_LOG_CHARS
        ? logs.toString()
        : "..." + logs.substring(logs.length() - MAX_LOG_CHARS);
  }

  private String log(ObjectRef ref, Pod pod, Container container, boolean named) {
    try {
      PodResource resource =
          client.pods().inNamespace(ref.namespace()).withName(pod.getMetadata().getName());
      String text =
          named
              ? resource
                  .inContainer(container.getName())
                  .withReadyWaitTimeout(LOG_READY_WAIT_MILLIS)
                  .tailingLines(KubernetesActivitiesImpl.JOB_LOG_TAIL_LINES)
                  .getLog()
              : resource
                  .withReadyWaitTimeout(LOG_READY_WAIT_MILLIS)
                  .tailingLines(KubernetesActivitiesImpl.JOB_LOG_TAIL_LINES)
                  .getLog();
      return text == null || text.isEmpty() ? "(empty log)" : text;
    } catch (KubernetesClientException e) {
      return "(log unavailable: " + KubernetesErrors.describe(e) + ")";
    } catch (RuntimeException e) {
      return "(log unavailable: " + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
    }
  }

  private static String counts(JobStatus status) {
    return "active "
        + orZero(status.getActive())
        + ", succeeded "
        + orZero(status.getSucceeded())
        + ", failed "
        + orZero(status.getFailed());
  }

  private io.fabric8.kubernetes.client.dsl.ScalableResource<Job> jobs(ObjectRef ref) {
    return client.batch().v1().jobs().inNamespace(ref.namespace()).withName(ref.name());
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
