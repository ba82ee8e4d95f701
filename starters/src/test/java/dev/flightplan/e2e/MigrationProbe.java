package dev.flightplan.e2e;

import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Looks at migrations on a Temporal server the way an operator's tools do: the {@code status} query, what the server
 * says is running (pending activities), and the history.
 */
public final class MigrationProbe implements AutoCloseable {
  public static final String OBSERVE_ACTIVITY = "MetricsObserve";
  public static final String ROLLOUT_WAIT_ACTIVITY = "KubernetesAwaitRollout";

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;

  public MigrationProbe(String address) {
    service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    client = WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  public WorkflowClient client() {
    return client;
  }

  /** The migration's own account, through the {@code status} query; empty while no worker can answer. */
  public Optional<MigrationStatus> status(String migration) {
    try {
      return Optional.of(client.newWorkflowStub(MigrationWorkflow.class, migration).status());
    } catch (RuntimeException noWorkerYet) {
      return Optional.empty();
    }
  }

  public MigrationStatus awaitStatus(String migration, Predicate<MigrationStatus> condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    MigrationStatus last = null;
    while (System.nanoTime() < deadline) {
      Optional<MigrationStatus> status = status(migration);
      if (status.isPresent()) {
        last = status.get();
        if (condition.test(last)) {
          return last;
        }
      }
      Sleep.millis(250);
    }
    throw new AssertionError(
        migration + " did not reach the expected status within " + limit.toSeconds() + " s; last seen: " + last);
  }

  public MigrationStatus awaitState(String migration, MigrationState state, Duration limit) {
    return awaitStatus(migration, status -> status.state() == state, limit);
  }

  public DescribeWorkflowExecutionResponse describe(String migration) {
    return service
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(migration))
                .build());
  }

  /** The activity of this type the server has handed to a worker, if one is running now. */
  public Optional<PendingActivityInfo> runningActivity(String migration, String activityType) {
    return describe(migration).getPendingActivitiesList().stream()
        .filter(activity -> activity.getActivityType().getName().equals(activityType))
        .filter(activity -> activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
        .findFirst();
  }

  public PendingActivityInfo awaitRunningActivity(String migration, String activityType, Duration limit) {
    return awaitRunningActivity(migration, activityType, activity -> true, limit);
  }

  public PendingActivityInfo awaitRunningActivity(
      String migration, String activityType, Predicate<PendingActivityInfo> condition, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<PendingActivityInfo> running = runningActivity(migration, activityType).filter(condition);
      if (running.isPresent()) {
        return running.get();
      }
      Sleep.millis(100);
    }
    throw new AssertionError(
        activityType + " of " + migration + " was not running within " + limit.toSeconds() + " s; pending: "
            + describe(migration).getPendingActivitiesList());
  }

  /** Waits for the workflow to end and returns its result. */
  public MigrationResult awaitResult(String migration, Duration limit) {
    try {
      return client.newUntypedWorkflowStub(migration).getResult(limit.toMillis(), TimeUnit.MILLISECONDS, MigrationResult.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          migration + " did not end within " + limit.toSeconds() + " s; status: " + status(migration).orElse(null), e);
    }
  }

  public WorkflowExecutionStatus executionStatus(String migration) {
    return describe(migration).getWorkflowExecutionInfo().getStatus();
  }

  /** One attempt of an activity that ended, as the history records it. */
  public record FinishedAttempt(String activityType, int attempt, String identity) {}

  /**
   * Activities of {@code type} that ended: which attempt finished the work and which worker ran it. The history
   * records only the last attempt of each, which is the one that counts.
   */
  public List<FinishedAttempt> finishedAttempts(String migration, String activityType) {
    List<HistoryEvent> events = client.fetchHistory(migration).getHistory().getEventsList();
    Map<Long, String> types = new HashMap<>();
    List<FinishedAttempt> attempts = new ArrayList<>();
    for (HistoryEvent event : events) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        types.put(event.getEventId(), event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        var started = event.getActivityTaskStartedEventAttributes();
        String type = types.get(started.getScheduledEventId());
        if (activityType.equals(type)) {
          attempts.add(new FinishedAttempt(type, started.getAttempt(), started.getIdentity()));
        }
      }
    }
    return attempts;
  }

  /** A stub for signalling as the Java SDK does. */
  public WorkflowStub untyped(String migration) {
    return client.newUntypedWorkflowStub(migration);
  }

  @Override
  public void close() {
    service.shutdownNow();
  }
}
