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
    return Workflow.newActivityStub(
        KubernetesActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(clusterQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(CHANGE_RETRIES)
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setSummary(summary)
            .build());
  }

  KubernetesActivities undo(String summary) {
    return Workflow.newActivityStub(
        KubernetesActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(clusterQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(UNDO_RETRIES)
            .setSummary(summary)
            .build());
  }

  KubernetesActivities waits(Duration limit, String summary) {
    return Workflow.newActivityStub(
        KubernetesActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(clusterQueue)
            .setStartToCloseTimeout(limit.plus(Duration.ofMinutes(1)))
            .setHeartbeatTimeout(WAIT_HEARTBEAT_TIMEOUT)
            .setRetryOptions(WAIT_RETRIES)
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .setSummary(summary)
            .build());
  }

  TrafficActivities traffic(String summary) {
    return Workflow.newActivityStub(
        TrafficActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(clusterQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(CHANGE_RETRIES)
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .setSummary(summary)
            .build());
  }

  TrafficActivities trafficUndo(String summary) {
    return Workflow.newActivityStub(
        TrafficActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(clusterQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(UNDO_RETRIES)
            .setSummary(summary)
            .build());
  }

  /** One observation window: the attempt may last the whole window; heartbeats carry its progress. */
  MetricsActivities metrics(Duration window, String summary) {
    return Workflow.newActivityStub(
        MetricsActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(clusterQueue)
            .setStartToCloseTimeout(window.plus(Duration.ofMinutes(5)))
            .setHeartbeatTimeout(WAIT_HEARTBEAT_TIMEOUT)
            .setRetryOptions(WAIT_RETRIES)
            .setCancellationType(ActivityCancellationType.TRY_CANCEL)
            .setSummary(summary)
            .build());
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
