package dev.flightplan.testing;

import static org.awaitility.Awaitility.await;

import dev.flightplan.migration.FlightplanSearchAttributes;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.MigrationWorkflowImpl;
import dev.flightplan.plan.MigrationPlan;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.function.Predicate;

/** A time-skipping Temporal test environment with a worker running the real workflow over fake activities. */
public final class MigrationHarness implements AutoCloseable {
  public final CallLog calls = new CallLog();
  public final FakeCluster cluster = new FakeCluster(calls);
  public final FakeTraffic traffic = new FakeTraffic(calls);
  public final FakeMetrics metrics = new FakeMetrics(calls);
  public final FakeNotify notify = new FakeNotify();
  public final TestWorkflowEnvironment env;
  public final WorkflowClient client;

  public MigrationHarness() {
    env = TestWorkflowEnvironment.newInstance();
    registerSearchAttributes(env);
    Worker worker = env.newWorker(MigrationWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MigrationWorkflowImpl.class);
    worker.registerActivitiesImplementations(cluster, traffic, metrics, notify);
    client = env.getWorkflowClient();
    env.start();
  }

  public static void registerSearchAttributes(TestWorkflowEnvironment env) {
    env.registerSearchAttribute(FlightplanSearchAttributes.STATE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(FlightplanSearchAttributes.PHASE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(FlightplanSearchAttributes.TARGET.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    env.registerSearchAttribute(FlightplanSearchAttributes.WEIGHT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT);
    env.registerSearchAttribute(FlightplanSearchAttributes.FLEET.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
  }

  public MigrationWorkflow start(MigrationPlan plan) {
    MigrationWorkflow workflow =
        client.newWorkflowStub(
            MigrationWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(plan.name()).setTaskQueue(MigrationWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run, new MigrationInput(plan, "tester"));
    return workflow;
  }

  public MigrationStatus awaitStatus(MigrationWorkflow workflow, Predicate<MigrationStatus> condition) {
    MigrationStatus[] last = new MigrationStatus[1];
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> condition.test(last[0] = workflow.status()));
    return last[0];
  }

  public MigrationStatus awaitState(MigrationWorkflow workflow, MigrationState state) {
    return awaitStatus(workflow, s -> s.state() == state);
  }

  public MigrationResult result(MigrationWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(MigrationResult.class);
  }

  @Override
  public void close() {
    env.close();
  }
}
