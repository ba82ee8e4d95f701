package dev.flightplan.fleet;

import static org.assertj.core.api.Assertions.fail;

import dev.flightplan.migration.Decision;
import dev.flightplan.plan.FleetPlan;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A fleet started in the time-skipping test environment, and the ways a test drives and inspects
 * it.
 */
final class FleetRun {

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final String id;
  final WorkflowExecution firstRun;

  private FleetRun(
      TestWorkflowEnvironment env, WorkflowClient client, String id, WorkflowExecution firstRun) {
    this.env = env;
    this.client = client;
    this.id = id;
    this.firstRun = firstRun;
  }

  static FleetRun start(TestWorkflowEnvironment env, String taskQueue, FleetPlan plan) {
    WorkflowClient client = env.getWorkflowClient();
    FleetWorkflow stub =
        client.newWorkflowStub(
            FleetWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(plan.name())
                .setTaskQueue(taskQueue)
                .build());
    WorkflowExecution execution = WorkflowClient.start(stub::run, new FleetInput(plan, "test"));
    return new FleetRun(env, client, plan.name(), execution);
  }

  /** The latest run of the chain, for queries and signals. */
  FleetWorkflow stub() {
    return client.newWorkflowStub(FleetWorkflow.class, id);
  }

  FleetStatus status() {
    return stub().status();
  }

  FleetKpis kpis() {
    return stub().kpis();
  }

  void approve(String by) {
    stub().approve(new Decision(by, "looks good"));
  }

  void resume(String by) {
    stub().resume(new Decision(by, "accepted"));
  }

  /**
   * Lets workflow time pass in steps until the fleet's status satisfies {@code condition}. It
   * queries only while the fleet is {@link #idle()}: the in-process test server mishandles a query
   * that arrives while a workflow task ending in continue-as-new is in flight (the task's
   * completion is refused after the new run started, and a time-skipping lock leaks, so every later
   * {@code sleep} hangs).
   */
  FleetStatus advanceUntil(Predicate<FleetStatus> condition, Duration step, int maxSteps) {
    FleetStatus last = null;
    for (int i = 0; i < maxSteps; i++) {
      if (idle()) {
        last = status();
        if (condition.test(last)) {
          return last;
        }
      }
      env.sleep(step);
    }
    return fail(
        "fleet %s never reached the expected status; last seen: %s",
        id, last == null ? "never idle" : last.state() + ", " + last.nextAction());
  }

  /**
   * Whether the latest run waits for nothing but a signal: no workflow task in flight, no timer, no
   * child. Time only moves while a test sleeps, so an idle fleet stays idle until the test signals
   * it, and may be queried safely.
   */
  boolean idle() {
    List<HistoryEvent> events = client.fetchHistory(id).getEvents();
    int tasks = 0;
    int timers = 0;
    int children = 0;
    for (HistoryEvent event : events) {
      switch (event.getEventType()) {
        case EVENT_TYPE_WORKFLOW_TASK_SCHEDULED -> tasks++;
        case EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
                EVENT_TYPE_WORKFLOW_TASK_FAILED,
                EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT ->
            tasks--;
        case EVENT_TYPE_TIMER_STARTED -> timers++;
        case EVENT_TYPE_TIMER_FIRED, EVENT_TYPE_TIMER_CANCELED -> timers--;
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED -> children++;
        case EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED,
                EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
                EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
                EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
                EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
                EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT ->
            children--;
        default -> {}
      }
    }
    return tasks == 0 && timers == 0 && children == 0 && !closed(events);
  }

  /** Whether the whole chain has ended (the latest run closed without continuing as new). */
  boolean ended() {
    return closed(client.fetchHistory(id).getEvents());
  }

  private static boolean closed(List<HistoryEvent> events) {
    EventType last = events.get(events.size() - 1).getEventType();
    return last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
        || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED
        || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED
        || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED
        || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT;
  }

  /** Waits for the end of the whole continue-as-new chain; workflow time skips meanwhile. */
  FleetResult result() {
    return client.newUntypedWorkflowStub(id).getResult(FleetResult.class);
  }

  /** The number of history events of every run of the chain, first run first. */
  List<Integer> historyLengths() {
    return histories().stream().map(history -> history.getEvents().size()).toList();
  }

  /** The history of every run of the chain, first run first. */
  List<WorkflowExecutionHistory> histories() {
    List<WorkflowExecutionHistory> histories = new ArrayList<>();
    String runId = firstRun.getRunId();
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(id, runId);
      histories.add(history);
      HistoryEvent last = history.getLastEvent();
      runId =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return histories;
  }
}
