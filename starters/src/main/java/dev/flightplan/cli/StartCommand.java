package dev.flightplan.cli;

import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.worker.Setting;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "start",
    description = {
      "Validates a plan, embeds the files it refers to, and starts it as a migration named after"
          + " the plan;",
      "a fleet plan starts as a fleet, which starts one migration per system, wave by wave.",
      "An invalid plan starts nothing; a migration or fleet of the same name that is still"
          + " running is not started twice."
    })
class StartCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  /** What {@code --output json} prints once the workflow has started. */
  record Started(String kind, String name, String workflowId, String runId, String namespace) {}

  @Parameters(paramLabel = "PLAN", description = "the plan or fleet file (YAML)")
  Path file;

  @Option(
      names = "--by",
      paramLabel = "NAME",
      description = "who starts it (default: $FLIGHTPLAN_USER, else $USER)")
  String by;

  @Option(
      names = "--task-queue",
      paramLabel = "QUEUE",
      description =
          "the workers' task queue (default: $FLIGHTPLAN_TASK_QUEUE, else "
              + MigrationWorkflow.TASK_QUEUE
              + ")")
  String taskQueue;

  @Override
  public Integer call() {
    CheckedPlan checked = PlanFileReader.read(cli.context().plans(), file);
    PlanFileReader.printProblems(file, checked, spec.commandLine().getErr());
    if (!checked.ok()) {
      spec.commandLine().getErr().println("nothing was started");
      return ExitCodes.USAGE;
    }
    String queue =
        taskQueue != null
            ? taskQueue
            : cli.settings(java.util.Map.of())
                .text(Setting.FLIGHTPLAN_TASK_QUEUE, MigrationWorkflow.TASK_QUEUE);
    if (checked.isFleet()) {
      return startFleet(checked, queue);
    }
    String migration = checked.plan().name();
    try (TemporalSession session = cli.connect()) {
      WorkflowExecution run =
          new Migrations(session, cli.context().queryTimeout())
              .start(checked.plan(), cli.actor(by).orElse(null), queue);
      if (output.json()) {
        spec.commandLine()
            .getOut()
            .println(
                Json.write(
                    new Started("migration", migration, run.getWorkflowId(), run.getRunId(), session.namespace())));
        return ExitCodes.OK;
      }
      spec.commandLine()
          .getOut()
          .println(
              "started migration "
                  + migration
                  + " (run ID "
                  + run.getRunId()
                  + ") in namespace "
                  + session.namespace()
                  + ": follow it with `flightplan watch "
                  + migration
                  + "`");
      warnWhenNoWorkerPolls(session, queue);
    }
    return ExitCodes.OK;
  }

  private int startFleet(CheckedPlan checked, String queue) {
    String fleet = checked.name();
    try (TemporalSession session = cli.connect()) {
      Migrations migrations = new Migrations(session, cli.context().queryTimeout());
      WorkflowExecution run =
          new Fleets(migrations, session).start(checked.fleet(), cli.actor(by).orElse(null), queue);
      if (output.json()) {
        spec.commandLine()
            .getOut()
            .println(
                Json.write(new Started("fleet", fleet, run.getWorkflowId(), run.getRunId(), session.namespace())));
        return ExitCodes.OK;
      }
      spec.commandLine()
          .getOut()
          .println(
              "started fleet "
                  + fleet
                  + " ("
                  + checked.systemCount()
                  + " systems in "
                  + checked.waveCount()
                  + " waves, run ID "
                  + run.getRunId()
                  + ") in namespace "
                  + session.namespace()
                  + ": follow it with `flightplan status "
                  + fleet
                  + "`");
      warnWhenNoWorkerPolls(session, queue);
    }
    return ExitCodes.OK;
  }

  /**
   * A started migration waits quietly when no worker polls its task queue; say so now rather than let the person
   * watch a migration that never moves. A server that cannot describe a task queue gives no warning; the warning goes
   * to stderr so {@code --output json} stays parseable.
   */
  private void warnWhenNoWorkerPolls(TemporalSession session, String queue) {
    try {
      DescribeTaskQueueResponse described =
          session
              .stubs()
              .blockingStub()
              .withDeadlineAfter(3, TimeUnit.SECONDS)
              .describeTaskQueue(
                  DescribeTaskQueueRequest.newBuilder()
                      .setNamespace(session.namespace())
                      .setTaskQueue(
                          TaskQueue.newBuilder().setName(queue).setKind(TaskQueueKind.TASK_QUEUE_KIND_NORMAL))
                      .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                      .build());
      if (described.getPollersCount() == 0) {
        spec.commandLine()
            .getErr()
            .println(
                "warning: no worker polls task queue "
                    + queue
                    + " in namespace "
                    + session.namespace()
                    + ": it waits until one does; start one with `flightplan worker"
                    + (MigrationWorkflow.TASK_QUEUE.equals(queue) ? "" : " --task-queue " + queue)
                    + "`");
      }
    } catch (StatusRuntimeException cannotTell) {
      // the start itself succeeded; whether a worker polls is only advice
    }
  }
}
