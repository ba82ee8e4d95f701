package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.NotifyActivities;
import io.temporal.activity.ActivityOptions;
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
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
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
