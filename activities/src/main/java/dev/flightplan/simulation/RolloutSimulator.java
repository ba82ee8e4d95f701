package dev.flightplan.simulation;

import dev.flightplan.kubernetes.KubernetesActivitiesImpl;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the Kubernetes controllers for a cluster that has none: fabric8's mock server in CRUD mode
 * stores objects but never moves their status. Every tick it
 *
 * <ul>
 *   <li>marks each Deployment rolled out once its current spec is {@code rolloutDelay} old
 *       (observedGeneration = generation, which the mock server bumps on spec changes; every
 *       replica count = spec.replicas; Available and Progressing conditions) — or, when its pod
 *       template carries the label {@code flightplan.dev/simulate: fail}, stuck with a {@code
 *       ProgressDeadlineExceeded} condition;
 *   <li>completes each Job once it is {@code jobDelay} old: succeeded, or failed when its pod
 *       template (or the Job) carries {@code flightplan.dev/simulate: fail}. A failed Job also gets
 *       a failed Pod labelled {@code job-name=<job>}, and its log text is handed to the {@link
 *       LogPublisher}.
 * </ul>
 *
 * <p>Logs: the mock server in CRUD mode does not serve pod logs. Asked for {@code /pods/<name>/log}
 * it answers with a JSON list of the stored pods, which is what a Job's logs would then show. Give
 * the simulator a LogPublisher that registers a mock-server expectation for {@link #logPath} to
 * serve the real text (see the tests).
 */
public final class RolloutSimulator implements AutoCloseable {

  public static final String SIMULATE_LABEL = "flightplan.dev/simulate";
  public static final String FAIL = "fail";

  private static final Logger log = LoggerFactory.getLogger(RolloutSimulator.class);

  /** Receives the log text of a simulated pod, to be served by whatever plays the API server. */
  @FunctionalInterface
  public interface LogPublisher {
    LogPublisher NONE = (namespace, pod, text) -> {};

    void publish(String namespace, String pod, String text);
  }

  /**
   * {@code tick}: how often to look; delays: how long a change takes to "roll out" or a Job to
   * finish.
   */
  public record Options(
      Duration tick, Duration rolloutDelay, Duration jobDelay, LogPublisher logs) {
    public static Options defaults() {
      return new Options(
          Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(1), LogPublisher.NONE);
    }

    public Options withRolloutDelay(Duration delay) {
      return new Options(tick, delay, jobDelay, logs);
    }

    public Options withJobDelay(Duration delay) {
      return new Options(tick, rolloutDelay, delay, logs);
    }

    public Options withLogs(LogPublisher publisher) {
      return new Options(tick, rolloutDelay, jobDelay, publisher);
    }
  }

  /**
   * The path fabric8 requests for a single-container pod's log tail, as Flightplan's runJob asks
   * for it.
   */
  public static String logPath(String namespace, String pod) {
    return "/api/v1/namespaces/"
        + namespace
        + "/pods/"
        + pod
        + "/log?pretty=false&tailLines="
        + KubernetesActivitiesImpl.JOB_LOG_TAIL_LINES;
  }

  private final KubernetesClient client;
  private final Options options;

  /** Spec fingerprint of each object and when the simulator first saw it. */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  private final List<String> events = new CopyOnWriteArrayList<>();
  private ScheduledExecutorService loop;

  private record Seen(String fingerprint, long sinceNanos) {}

  public RolloutSimulator(KubernetesClient client) {
    this(client, Options.defaults());
  }

  public RolloutSimulator(KubernetesClient client, Options options) {
    this.client = client;
    this.options = options;
  }

  /** Starts the background loop on a daemon thread. */
  public synchronized RolloutSimulator start() {
    if (loop == null) {
      loop =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "rollout-simulator");
                thread.setDaemon(true);
                return thread;
              });
      long period = options.tick().toMillis();
      loop.scheduleWithFixedDelay(this::tickSafely, 0, period, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.shutdownNow();
      try {
        loop.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      loop = null;
    }
  }

  /**
   * What the simulator did, oldest first: "rolled out Deployment ns/web (generation 2, 3
   * replicas)".
   */
  public List<String> events() {
    return List.copyOf(events);
  }

  /** One pass over Deployments and Jobs; the loop calls it every tick. */
  public void tick() {
    long now = System.nanoTime();
    for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
      simulateRollout(deployment, now);
    }
    for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
      simulateJob(job, now);
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (KubernetesClientException e) {
      // A conflict with a concurrent write (status is replaced with the resourceVersion listed,
      // never
      // merged: the mock server's merge patch would append to the condition list), or the mock
      // server shutting down: try again next tick.
      log.debug("simulator tick skipped: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.warn("simulator tick failed", e);
    }
  }

  private void simulateRollout(Deployment deployment, long now) {
    if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null) {
      return;
    }
    String key = "Deployment " + key(deployment);
    long generation = Objects.requireNonNullElse(deployment.getMetadata().getGeneration(), 1L);
    int replicas = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    boolean fail = FAIL.equals(label(deployment.getSpec().getTemplate().getMetadata(), deployment));
    String fingerprint = generation + "/" + deployment.getSpec().hashCode();
    if (!due(key, fingerprint, now, options.rolloutDelay())) {
      return;
    }
    var status = deployment.getStatus();
    if (status != null
        && Objects.equals(status.getObservedGeneration(), generation)
        && (fail
            || (Objects.equals(status.getReadyReplicas(), replicas)
                && Objects.equals(status.getUpdatedReplicas(), replicas)
                && Objects.equals(status.getAvailableReplicas(), replicas)
                && Objects.equals(status.getReplicas(), replicas)))) {
      return;
    }
    String name = deployment.getMetadata().getName();
    DeploymentStatus simulated =
        fail ? stalled(generation, replicas, name) : rolledOut(generation, replicas, name);
    deployment.setStatus(simulated);
    client.apps().deployments().resource(deployment).updateStatus();
    record(
        (fail ? "stalled " : "rolled out ")
            + key
            + " (generation "
            + generation
            + ", "
            + replicas
            + " replicas)");
  }

  private void simulateJob(Job job, long now) {
    var status = job.getStatus();
    if (status != null
        && (positive(status.getSucceeded())
            || hasCondition(status.getConditions(), "Failed")
            || hasCondition(status.getConditions(), "Complete"))) {
      return;
    }
    String key = "Job " + key(job);
    if (!due(key, "job", now, options.jobDelay())) {
      return;
    }
    boolean fail =
        job.getSpec() != null
            && job.getSpec().getTemplate() != null
            && FAIL.equals(label(job.getSpec().getTemplate().getMetadata(), job));
    String namespace = job.getMetadata().getNamespace();
    String name = job.getMetadata().getName();
    String time = Instant.now().toString();
    JobStatus simulated;
    if (fail) {
      Pod pod = failedPod(job);
      if (client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).get()
          == null) {
        client.pods().inNamespace(namespace).resource(pod).create();
      }
      options
          .logs()
          .publish(
              namespace,
              pod.getMetadata().getName(),
              "simulated failure of Job " + namespace + "/" + name + "\nerror: exit code 1\n");
      int backoffLimit = Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), 6);
      simulated =
          new JobStatusBuilder()
              .withStartTime(time)
              .withFailed(backoffLimit + 1)
              .addNewCondition()
              .withType("Failed")
              .withStatus("True")
              .withReason("BackoffLimitExceeded")
              .withMessage("Job has reached the specified backoff limit")
              .withLastTransitionTime(time)
              .endCondition()
              .build();
    } else {
      simulated =
          new JobStatusBuilder()
              .withStartTime(time)
              .withCompletionTime(time)
              .withSucceeded(1)
              .addNewCondition()
              .withType("Complete")
              .withStatus("True")
              .withLastTransitionTime(time)
              .endCondition()
              .build();
    }
    job.setStatus(simulated);
    client.batch().v1().jobs().resource(job).updateStatus();
    record((fail ? "failed " : "completed ") + key);
  }

  private static DeploymentStatus rolledOut(long generation, int replicas, String name) {
    String time = Instant.now().toString();
    return new DeploymentStatusBuilder()
        .withObservedGeneration(generation)
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .addNewCondition()
        .withType("Available")
        .withStatus("True")
        .withReason("MinimumReplicasAvailable")
        .withMessage("Deployment has minimum availability.")
        .withLastUpdateTime(time)
        .endCondition()
        .addNewCondition()
        .withType("Progressing")
        .withStatus("True")
        .withReason("NewReplicaSetAvailable")
        .withMessage("ReplicaSet \"" + name + "\" has successfully progressed.")
        .withLastUpdateTime(time)
        .endCondition()
        .build();
  }

  private static DeploymentStatus stalled(long generation, int replicas, String name) {
    String time = Instant.now().toString();
    return new DeploymentStatusBuilder()
        .withObservedGeneration(generation)
        .withReplicas(replicas)
        .withUpdatedReplicas(0)
        .withReadyReplicas(0)
        .withAvailableReplicas(0)
        .withUnavailableReplicas(replicas)
        .addNewCondition()
        .withType("Available")
        .withStatus("False")
        .withReason("MinimumReplicasUnavailable")
        .withMessage("Deployment does not have minimum availability.")
        .withLastUpdateTime(time)
        .endCondition()
        .addNewCondition()
        .withType("Progressing")
        .withStatus("False")
        .withReason("ProgressDeadlineExceeded")
        .withMessage("ReplicaSet \"" + name + "\" has timed out progressing.")
        .withLastUpdateTime(time)
        .endCondition()
        .build();
  }

  private static Pod failedPod(Job job) {
    List<Container> template =
        job.getSpec().getTemplate().getSpec() == null
            ? List.of()
            : job.getSpec().getTemplate().getSpec().getContainers();
    Container container = template == null || template.isEmpty() ? null : template.get(0);
    return new PodBuilder()
        .withNewMetadata()
        .withName(job.getMetadata().getName() + "-sim")
        .withNamespace(job.getMetadata().getNamespace())
        .addToLabels("job-name", job.getMetadata().getName())
        .addToLabels(SIMULATE_LABEL, FAIL)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(container == null ? "main" : container.getName())
        .withImage(container == null ? "busybox" : container.getImage())
        .endContainer()
        .withRestartPolicy("Never")
        .endSpec()
        .withNewStatus()
        .withPhase("Failed")
        .endStatus()
        .build();
  }

  /**
   * True once the object has had the same fingerprint for {@code delay}; a new fingerprint restarts
   * the clock.
   */
  private boolean due(String key, String fingerprint, long now, Duration delay) {
    Seen previous = seen.get(key);
    if (previous == null || !previous.fingerprint().equals(fingerprint)) {
      seen.put(key, new Seen(fingerprint, now));
      return delay.isZero();
    }
    return now - previous.sinceNanos() >= delay.toNanos();
  }

  private static String label(
      io.fabric8.kubernetes.api.model.ObjectMeta template, HasMetadata owner) {
    if (template != null
        && template.getLabels() != null
        && template.getLabels().containsKey(SIMULATE_LABEL)) {
      return template.getLabels().get(SIMULATE_LABEL);
    }
    Map<String, String> labels = owner.getMetadata().getLabels();
    return labels == null ? null : labels.get(SIMULATE_LABEL);
  }

  private static boolean hasCondition(List<JobCondition> conditions, String type) {
    return conditions != null
        && conditions.stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean positive(Integer value) {
    return value != null && value > 0;
  }

  private static String key(HasMetadata object) {
    return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
  }

  private void record(String event) {
    log.info("simulator: {}", event);
    events.add(event);
    if (events.size() > 1_000) {
      events.remove(0);
    }
  }
}
