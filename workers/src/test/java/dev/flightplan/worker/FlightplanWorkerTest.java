package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.NotifyActivities;
import dev.flightplan.fleet.FleetInput;
import dev.flightplan.fleet.FleetResult;
import dev.flightplan.fleet.FleetState;
import dev.flightplan.fleet.FleetWorkflow;
import dev.flightplan.fleet.FleetWorkflowImpl;
import dev.flightplan.migration.FlightplanSearchAttributes;
import dev.flightplan.migration.MigrationWorkflowImpl;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSpec;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
import dev.flightplan.plan.Wave;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlightplanWorkerTest {

  private TestWorkflowEnvironment env;

  @WorkflowInterface
  public interface NotifyOnQueueWorkflow {
    @WorkflowMethod
    String run(String taskQueue);
  }

  /**
   * Calls one activity on the queue it is given, as the migration workflow does for
   * cluster-specific work.
   */
  public static class NotifyOnQueueWorkflowImpl implements NotifyOnQueueWorkflow {
    @Override
    public String run(String taskQueue) {
      NotifyActivities notify =
          Workflow.newActivityStub(
              NotifyActivities.class,
              ActivityOptions.newBuilder()
                  .setTaskQueue(taskQueue)
                  .setStartToCloseTimeout(Duration.ofSeconds(10))
                  .build());
      notify.send(
          new NotifyActivities.Notification(
              null, "checkout", "started", "k", "hello", Map.of(), List.of(), null, null));
      return "sent";
    }
  }

  static class RecordingNotify implements NotifyActivities {
    final List<Notification> sent = new CopyOnWriteArrayList<>();

    @Override
    public NotificationReceipt send(Notification notification) {
      sent.add(notification);
      return NotificationReceipt.none();
    }
  }

  @BeforeEach
  void startServer() {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    for (Map.Entry<String, IndexedValueType> attribute :
        FlightplanSearchAttributes.definitions().entrySet()) {
      options.registerSearchAttribute(attribute.getKey(), attribute.getValue());
    }
    env = TestWorkflowEnvironment.newInstance(options.build());
    env.newWorker("caller").registerWorkflowImplementationTypes(NotifyOnQueueWorkflowImpl.class);
    env.start();
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  @Test
  void aClusterWorkerRunsTheActivitiesSentToItsOwnQueue() {
    RecordingNotify notify = new RecordingNotify();
    FlightplanWorker worker =
        new FlightplanWorker(env.getWorkflowClient(), "flightplan-east", false, List.of(notify));
    worker.start();
    try {
      NotifyOnQueueWorkflow caller =
          env.getWorkflowClient()
              .newWorkflowStub(
                  NotifyOnQueueWorkflow.class,
                  WorkflowOptions.newBuilder().setTaskQueue("caller").build());

      assertThat(caller.run("flightplan-east")).isEqualTo("sent");
      assertThat(notify.sent)
          .extracting(NotifyActivities.Notification::text)
          .containsExactly("hello");
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void registersTheMigrationAndTheFleetWorkflows() {
    assertThat(FlightplanWorker.WORKFLOW_TYPES)
        .containsExactly(MigrationWorkflowImpl.class, FleetWorkflowImpl.class);
  }

  @Test
  void aWorkflowWorkerRunsAFleetAndItsMigrations() {
    FlightplanWorker worker =
        new FlightplanWorker(env.getWorkflowClient(), "flightplan", true, List.of());
    worker.start();
    try {
      FleetWorkflow fleet =
          env.getWorkflowClient()
              .newWorkflowStub(
                  FleetWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("holding-fleet")
                      .setTaskQueue("flightplan")
                      .build());

      FleetResult result = fleet.run(new FleetInput(holdingFleet("holding-fleet"), "tester"));

      assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
      assertThat(result.kpis().migrated()).isEqualTo(2);
    } finally {
      worker.shutdown(Duration.ofSeconds(5));
    }
  }

  /** Two systems whose migration only holds for a moment: no activity, so no cluster needed. */
  private static FleetPlan holdingFleet(String name) {
    MigrationSpec template =
        new MigrationSpec(
            new Target("apps", null),
            null,
            null,
            null,
            null,
            null,
            List.of(
                new Phase(
                    "hold", List.of(new Step.Observe(PlanDuration.parse("200ms"), null, null)))));
    return new FleetPlan(
        MigrationPlan.API_VERSION,
        FleetPlan.KIND,
        new Metadata(name, null),
        new FleetSpec(
            template,
            null,
            List.of(FleetSystem.of("billing", "P1"), FleetSystem.of("search", "P1")),
            List.of(new Wave("all", List.of("P1"), null, 2, Wave.GATE_NONE, null)),
            null,
            null,
            null));
  }

  @Test
  void isReadyOnlyWhileItPolls() {
    FlightplanWorker worker =
        new FlightplanWorker(env.getWorkflowClient(), "flightplan", true, List.of());
    assertThat(worker.isReady()).isFalse();

    worker.start();
    assertThat(worker.isReady()).isTrue();

    assertThat(worker.shutdown(Duration.ofSeconds(5))).isTrue();
    assertThat(worker.isReady()).isFalse();
  }

  @Test
  void aClusterWorkerWithoutActivitiesIsRefused() {
    assertThatThrownBy(
            () ->
                new FlightplanWorker(env.getWorkflowClient(), "flightplan-east", false, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a worker for task queue flightplan-east would have nothing to run");
  }
}
