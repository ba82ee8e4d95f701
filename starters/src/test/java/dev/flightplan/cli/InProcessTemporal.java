package dev.flightplan.cli;

import dev.flightplan.fleet.FleetWorkflowImpl;
import dev.flightplan.migration.FlightplanSearchAttributes;
import dev.flightplan.migration.MigrationWorkflow;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.util.Map;

/**
 * The SDK's in-process Temporal with the stand-in migration workflow and the real fleet workflow
 * polling the flightplan task queue.
 */
final class InProcessTemporal implements AutoCloseable {

  final TestWorkflowEnvironment env;

  InProcessTemporal() {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    for (Map.Entry<String, IndexedValueType> attribute :
        FlightplanSearchAttributes.definitions().entrySet()) {
      options.registerSearchAttribute(attribute.getKey(), attribute.getValue());
    }
    env = TestWorkflowEnvironment.newInstance(options.build());
    env.newWorker(MigrationWorkflow.TASK_QUEUE)
        .registerWorkflowImplementationTypes(
            RecordingMigrationWorkflow.class, FleetWorkflowImpl.class);
    env.start();
  }

  /**
   * Hands the CLI this server, whatever address it was told; closing the session leaves the server
   * running.
   */
  TemporalAccess access() {
    return settings ->
        new TemporalSession(
            "in-process",
            env.getWorkflowServiceStubs(),
            env.getWorkflowClient(),
            env::getOperatorServiceStubs,
            () -> {});
  }

  @Override
  public void close() {
    env.close();
  }
}
