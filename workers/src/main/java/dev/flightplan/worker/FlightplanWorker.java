package dev.flightplan.worker;

import dev.flightplan.fleet.FleetWorkflowImpl;
import dev.flightplan.migration.MigrationWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one task queue: the migration and fleet workflows and the activity implementations it is
 * given, or, for a cluster-specific queue, the activities only. Knows nothing about how the
 * activities were built.
 */
public final class FlightplanWorker {

  private static final Logger log = LoggerFactory.getLogger(FlightplanWorker.class);

  /**
   * The workflow implementations a workflow-running worker registers: a fleet starts its migrations
   * as children on the fleet's own task queue, so both run on the same workers.
   */
  public static final List<Class<?>> WORKFLOW_TYPES =
      List.of(MigrationWorkflowImpl.class, FleetWorkflowImpl.class);

  /**
   * Every observation window holds an activity slot (and a mostly sleeping thread) for its whole length, so the SDK's
   * default of 200 would leave the 201st concurrent window unstarted. 1,000 windows measured at about 410 MiB RSS.
   */
  static final int MAX_ACTIVITY_SLOTS = 1_000;

  private final WorkerFactory factory;
  private final String taskQueue;
  private volatile boolean started;
  private volatile boolean stopping;

  public FlightplanWorker(
      WorkflowClient client,
      String taskQueue,
      boolean runsWorkflows,
      List<?> activityImplementations) {
    if (!runsWorkflows && activityImplementations.isEmpty()) {
      throw new IllegalArgumentException(
          "a worker for task queue " + taskQueue + " would have nothing to run");
    }
    this.taskQueue = taskQueue;
    this.factory = WorkerFactory.newInstance(client, factoryOptions());
    Worker worker =
        factory.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(MAX_ACTIVITY_SLOTS)
                .build());
    if (runsWorkflows) {
      worker.registerWorkflowImplementationTypes(
          workflowOptions(), WORKFLOW_TYPES.toArray(Class<?>[]::new));
    }
    if (!activityImplementations.isEmpty()) {
      worker.registerActivitiesImplementations(activityImplementations.toArray());
    }
  }

  public static FlightplanWorker forConfig(
      WorkerConfig config, WorkflowClient client, List<?> activities) {
    return new FlightplanWorker(
        client, config.pollingTaskQueue(), config.runsWorkflows(), activities);
  }

  /**
   * Every worker puts the workflow and activity into the logging context of each activity log line
   * ({@link LogContextInterceptor}).
   */
  static WorkerFactoryOptions factoryOptions() {
    return WorkerFactoryOptions.newBuilder()
        .setWorkerInterceptors(new LogContextInterceptor())
        .build();
  }

  /**
   * Options for the workflow registration. Which exception types fail a migration workflow (rather
   * than retrying its task forever) is the workflow's decision; it belongs here once the
   * implementation names them.
   */
  static WorkflowImplementationOptions workflowOptions() {
    return WorkflowImplementationOptions.newBuilder().build();
  }

  public String taskQueue() {
    return taskQueue;
  }

  public void start() {
    factory.start();
    started = true;
    log.info(
        "polling task queue {} in namespace {}",
        taskQueue,
        factory.getWorkflowClient().getOptions().getNamespace());
  }

  /** Polling and not shutting down. */
  public boolean isReady() {
    return started && !stopping && factory.isStarted() && !factory.isShutdown();
  }

  /**
   * Stops polling and lets running tasks finish for up to {@code grace}, then interrupts the rest.
   * An interrupted observation window loses nothing: its heartbeat details let another worker
   * resume it. Returns whether every task finished within the grace period.
   */
  public boolean shutdown(Duration grace) {
    stopping = true;
    if (!started) {
      factory.shutdownNow();
      return true;
    }
    log.info("shutting down: waiting up to {}s for running tasks", grace.toSeconds());
    factory.shutdown();
    factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    if (factory.isTerminated()) {
      return true;
    }
    log.warn(
        "tasks still running after {}s: interrupting them; their retries resume elsewhere",
        grace.toSeconds());
    factory.shutdownNow();
    factory.awaitTermination(5, TimeUnit.SECONDS);
    return false;
  }
}
