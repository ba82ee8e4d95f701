package dev.flightplan.migration;

import dev.flightplan.activities.KubernetesActivities;
import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.activities.NotifyActivities;
import dev.flightplan.activities.TrafficActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Activity stubs with options per kind of call. Changes wait for their own cancellation to complete, so an abort
 * never races a half-finished write against the undo; waits (rollouts, jobs, observation windows) are cancelled at
 * once and heartbeat, so a lost worker is noticed within the heartbeat timeout and the retry resumes.
 */
final class ActivityPorts {

  /** How long a worker can be silent in a wait before Temporal gives the wait to another worker. */
  static final Duration WAIT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(10);

  private static final RetryOptions CHANGE_RETRIES =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(8)
          .build();

  private static final RetryOptions UNDO_RETRIES =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(15)
          .build();

  private static final RetryOptions WAIT_RETRIES =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setMaximumAttempts(20)
          .build();

  private final String clusterQueue;
  private final String controlQueue;

  ActivityPorts(String cluster) {
    this.controlQueue = Workflow.getInfo().getTaskQueue();
    this.clusterQueue =
        cluster == null || cluster.isBlank() ? controlQueue : MigrationWorkflow.TASK_QUEUE + "-" + cluster;
  }

  KubernetesActivities changes(String summary) {
    return stub(KubernetesActivities.class, change(summary));
  }

  KubernetesActivities undo(String summary) {
    return stub(KubernetesActivities.class, undoing(summary));
  }

  KubernetesActivities waits(Duration limit, String summary) {
    return stub(KubernetesActivities.class, waiting(limit, summary));
  }

  TrafficActivities traffic(String summary) {
    return stub(TrafficActivities.class, change(summary));
  }

  TrafficActivities trafficUndo(String summary) {
    return stub(TrafficActivities.class, undoing(summary));
  }

  /** One observation window: the attempt may last the whole window; heartbeats carry its progress. */
  MetricsActivities metrics(Duration window, String summary) {
    return stub(MetricsActivities.class, waiting(window.plus(Duration.ofMinutes(4)), summary));
  }

  /** Preflight's read-only metric probe: one sample per metric, retried like a change, never a long wait. */
  MetricsActivities metricProbe(String summary) {
    return stub(MetricsActivities.class, clusterCall(summary, Duration.ofMinutes(2), CHANGE_RETRIES).build());
  }

  private ActivityOptions change(String summary) {
    return clusterCall(summary, Duration.ofMinutes(2), CHANGE_RETRIES)
        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
        .build();
  }

  private ActivityOptions undoing(String summary) {
    return clusterCall(summary, Duration.ofMinutes(2), UNDO_RETRIES).build();
  }

  private ActivityOptions waiting(Duration limit, String summary) {
    return clusterCall(summary, limit.plus(Duration.ofMinutes(1)), WAIT_RETRIES)
        .setHeartbeatTimeout(WAIT_HEARTBEAT_TIMEOUT)
        .setCancellationType(ActivityCancellationType.TRY_CANCEL)
        .build();
  }

  private ActivityOptions.Builder clusterCall(String summary, Duration startToClose, RetryOptions retries) {
    return ActivityOptions.newBuilder()
        .setTaskQueue(clusterQueue)
        .setStartToCloseTimeout(startToClose)
        .setRetryOptions(retries)
        .setSummary(summary);
  }

  private static <T> T stub(Class<T> port, ActivityOptions options) {
    return Workflow.newActivityStub(port, options);
  }

  NotifyActivities notifications() {
    return Workflow.newActivityStub(
        NotifyActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(controlQueue)
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
            .build());
  }
}
