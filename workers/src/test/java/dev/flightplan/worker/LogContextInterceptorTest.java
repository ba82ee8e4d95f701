package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
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
import org.slf4j.MDC;

class LogContextInterceptorTest {

  @ActivityInterface
  public interface Probe {
    void look();
  }

  /** Records the logging context each call saw. */
  static class RecordingProbe implements Probe {
    final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

    @Override
    public void look() {
      Map<String, String> context = MDC.getCopyOfContextMap();
      seen.add(context == null ? Map.of() : context);
    }
  }

  @WorkflowInterface
  public interface TwoCalls {
    @WorkflowMethod
    void run();
  }

  /** One activity with a summary, as the migration workflow sets them, and one without. */
  public static class TwoCallsImpl implements TwoCalls {
    @Override
    public void run() {
      ActivityOptions options =
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build();
      Workflow.newActivityStub(
              Probe.class,
              ActivityOptions.newBuilder(options).setSummary("shift web-green to 25%").build())
          .look();
      Workflow.newActivityStub(Probe.class, options).look();
    }
  }

  private TestWorkflowEnvironment env;
  private final RecordingProbe probe = new RecordingProbe();

  @BeforeEach
  void start() {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(FlightplanWorker.factoryOptions())
                .build());
    var worker = env.newWorker("probe");
    worker.registerWorkflowImplementationTypes(TwoCallsImpl.class);
    worker.registerActivitiesImplementations(probe);
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void everyActivityLogLineKnowsItsWorkflowActivityAndStep() {
    TwoCalls workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                TwoCalls.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("web-mdc")
                    .setTaskQueue("probe")
                    .build());

    workflow.run();

    assertThat(probe.seen).hasSize(2);
    Map<String, String> withSummary = probe.seen.get(0);
    assertThat(withSummary)
        .containsEntry(LogContextInterceptor.WORKFLOW_ID, "web-mdc")
        .containsEntry(LogContextInterceptor.ACTIVITY_TYPE, "Look")
        .containsEntry(LogContextInterceptor.ATTEMPT, "1")
        .containsEntry(LogContextInterceptor.STEP, "shift web-green to 25%")
        .containsKeys(LogContextInterceptor.RUN_ID, LogContextInterceptor.ACTIVITY_ID);
    assertThat(withSummary.get(LogContextInterceptor.RUN_ID)).isNotBlank();
    assertThat(probe.seen.get(1))
        .containsEntry(LogContextInterceptor.WORKFLOW_ID, "web-mdc")
        .doesNotContainKey(LogContextInterceptor.STEP);
  }
}
