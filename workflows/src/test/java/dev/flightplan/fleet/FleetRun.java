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

/** A fleet started in the time-skipping test environment, and the ways a test drives and inspects it. */
final class FleetRun {

  final TestWorkflowEnvironment env;
  final WorkflowClient client;
  final String id;
  final WorkflowExecution firstRun;

  private FleetRun(TestWorkflowEnvironment env, WorkflowClient client, String id, WorkflowExecution firstRun) {
    this.env = env;
    this.client = client;
    this.id = id;
    this.firstRun = firstRun;
  }

  static FleetRun start(TestWorkflowEnvironment env, String taskQueue, FleetPlan plan) {
    WorkflowClient client = env.getWorkflowClient();
    FleetWorkflow stub =
        client.newWorkflowStub(
            FleetWorkflow.class, WorkflowOptions.newBuilder().setWorkflowId(plan.name()).setTaskQueue(taskQueue).build());
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

  /** Lets workflow time pass in steps until the fleet's status satisfies {@code condition}. */
  FleetStatus advanceUntil(Predicate<FleetStatus> condition, Duration step, int maxSteps) {
    for (int i = 0; i < maxSteps; i++) {
      FleetStatus status = status();
      if (condition.test(status)) {
        return status;
      }
      env.sleep(step);
    }
    FleetStatus last = status();
    if (condition.test(last)) {
      return last;
    }
    return fail("fleet %s never reached the expected status; last: %s %s", id, last.state(), last.nextAction());
  }

  /** Waits for the end of the whole continue-as-new chain; workflow time skips meanwhile. */
  FleetResult result() {
    return client.newUntypedWorkflowStub(id).getResult(FleetResult.class);
  }

  /** The number of history events of every run of the chain, first run first. */
  List<Integer> historyLengths() {
    List<Integer> lengths = new ArrayList<>();
    String runId = firstRun.getRunId();
    while (runId != null) {
      WorkflowExecutionHistory history = client.fetchHistory(id, runId);
      lengths.add(history.getEvents().size());
      HistoryEvent last = history.getLastEvent();
      runId =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return lengths;
  }
}
