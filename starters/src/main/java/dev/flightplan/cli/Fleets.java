package dev.flightplan.cli;

import dev.flightplan.fleet.FleetInput;
import dev.flightplan.fleet.FleetKpis;
import dev.flightplan.fleet.FleetResult;
import dev.flightplan.fleet.FleetSearchAttributes;
import dev.flightplan.fleet.FleetStatus;
import dev.flightplan.fleet.FleetWorkflow;
import dev.flightplan.fleet.SystemState;
import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.plan.FleetPlan;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI's view of fleets: start one, read its status and KPIs, signal it. A fleet is a
 * FleetWorkflow whose id is the fleet's name; its migrations are child MigrationWorkflows with ids
 * {@code <fleet>/<system>}, which {@link Migrations} handles like any other migration.
 */
final class Fleets {

  static final String WORKFLOW_TYPE = "FleetWorkflow";
  static final String KPIS_QUERY = "kpis";

  /** A running child that does not answer within this is shown without its live weight. */
  private static final Duration CHILD_QUERY_TIMEOUT = Duration.ofSeconds(2);

  /** Even a wide wave asks at most this many children for their weight per status. */
  private static final int MAX_CHILD_QUERIES = 20;

  private final Migrations migrations;
  private final TemporalSession session;

  Fleets(Migrations migrations, TemporalSession session) {
    this.migrations = migrations;
    this.session = session;
  }

  static boolean isFleet(String workflowType) {
    return WORKFLOW_TYPE.equals(workflowType);
  }

  /**
   * Starts the fleet as a FleetWorkflow whose id is the fleet's name, tagged with the {@code
   * FlightplanFleet} search attribute. A new run may follow a closed one, but a second start while
   * one runs is refused.
   */
  WorkflowExecution start(FleetPlan fleet, String startedBy, String taskQueue) {
    String name = fleet.name();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(name)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder().set(FleetSearchAttributes.FLEET, name).build())
            .setStaticSummary(summary(fleet))
            .build();
    FleetWorkflow stub = session.client().newWorkflowStub(FleetWorkflow.class, options);
    try {
      return WorkflowClient.start(stub::run, new FleetInput(fleet, startedBy));
    } catch (WorkflowExecutionAlreadyStarted e) {
      boolean aFleet = migrations.workflowType(name).map(Fleets::isFleet).orElse(true);
      throw new CliFailure(
          ExitCodes.REFUSED,
          (aFleet ? "fleet " : "a migration named ")
              + name
              + " is already running (run ID "
              + e.getExecution().getRunId()
              + "): "
              + (aFleet
                  ? "follow it with `flightplan status " + name + "`"
                  : "a fleet cannot take its name while it runs"),
          e);
    } catch (WorkflowServiceException e) {
      throw migrations.explainStartFailure(e);
    }
  }

  /** The line the Temporal UI shows next to the fleet. */
  static String summary(FleetPlan fleet) {
    return "Flightplan fleet "
        + fleet.name()
        + ": "
        + fleet.spec().systems().size()
        + " systems in "
        + fleet.spec().waves().size()
        + " waves";
  }

  FleetStatus status(String fleet, Duration timeout) {
    return migrations.query(fleet, Migrations.STATUS_QUERY, FleetStatus.class, timeout, "fleet");
  }

  FleetKpis kpis(String fleet, Duration timeout) {
    return migrations.query(fleet, KPIS_QUERY, FleetKpis.class, timeout, "fleet");
  }

  /**
   * The status with each running system's weight as its own migration reports it now (the fleet
   * knows only 0 and 100). A child that does not answer keeps a null weight, and then no further
   * child is asked: no worker is answering.
   */
  FleetStatus withLiveWeights(FleetStatus status) {
    if (status.waves() == null) {
      return status;
    }
    Duration timeout = shorter(CHILD_QUERY_TIMEOUT, migrations.queryTimeout());
    int asked = 0;
    boolean answering = true;
    List<FleetStatus.WaveStatus> waves = new ArrayList<>();
    for (FleetStatus.WaveStatus wave : status.waves()) {
      List<FleetStatus.SystemRow> rows = new ArrayList<>();
      for (FleetStatus.SystemRow row :
          wave.systems() == null ? List.<FleetStatus.SystemRow>of() : wave.systems()) {
        FleetStatus.SystemRow shown = row;
        if (answering && asked < MAX_CHILD_QUERIES && isMoving(row)) {
          asked++;
          try {
            MigrationStatus child = migrations.status(row.workflowId(), timeout);
            shown =
                new FleetStatus.SystemRow(
                    row.system(),
                    row.state(),
                    child.weight(),
                    row.durationMillis(),
                    row.workflowId(),
                    row.summary());
          } catch (CliFailure noAnswer) {
            answering = noAnswer.exitCode() == ExitCodes.NOT_FOUND;
          }
        }
        rows.add(shown);
      }
      waves.add(new FleetStatus.WaveStatus(wave.wave(), wave.state(), wave.maxParallel(), rows));
    }
    return new FleetStatus(
        status.fleet(),
        status.state(),
        status.currentWave(),
        status.waveNumber(),
        status.totalWaves(),
        status.paused(),
        status.haltReason(),
        status.pending(),
        status.nextAction(),
        status.run(),
        waves,
        status.timeline());
  }

  private static boolean isMoving(FleetStatus.SystemRow row) {
    return row.workflowId() != null
        && (row.state() == SystemState.RUNNING || row.state() == SystemState.REVERTING);
  }

  /** Sends a fleet signal ({@code approve}, {@code abort}, {@code pause}, {@code resume}). */
  void signal(String fleet, Signal signal, Decision decision) {
    if (!signal.fleetTakesIt()) {
      throw new CliFailure(
          ExitCodes.USAGE,
          fleet
              + " is a fleet: it takes approve, abort, pause and resume; to "
              + signal.signalName()
              + " one system's migration, name it: `flightplan "
              + signal.signalName()
              + " "
              + FleetWorkflow.childId(fleet, "<system>")
              + "`");
    }
    WorkflowStub stub = session.client().newUntypedWorkflowStub(fleet);
    try {
      stub.signal(signal.signalName(), decision);
    } catch (WorkflowNotFoundException e) {
      throw refusedOrNotFound(fleet, signal);
    } catch (WorkflowServiceException e) {
      if (Migrations.isNotFound(e)) {
        throw refusedOrNotFound(fleet, signal);
      }
      throw e;
    }
  }

  private CliFailure refusedOrNotFound(String fleet, Signal signal) {
    return ended(fleet)
        .map(
            state ->
                new CliFailure(
                    ExitCodes.REFUSED,
                    "fleet "
                        + fleet
                        + " has ended ("
                        + state
                        + "): it takes no "
                        + signal.signalName()
                        + "; `flightplan status "
                        + fleet
                        + "` shows how it ended"))
        .orElseGet(() -> migrations.notFound(fleet));
  }

  /** How the fleet's latest run ended, or empty while it runs (or when there is none). */
  Optional<String> ended(String fleet) {
    Optional<WorkflowExecutionInfo> info = migrations.describe(fleet);
    if (info.isEmpty()
        || info.get().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    return Optional.of(finalState(fleet, info.get()));
  }

  /**
   * The fleet's own word on how it ended (its result), else Temporal's status (FAILED, TERMINATED,
   * TIMED_OUT).
   */
  String finalState(String fleet, WorkflowExecutionInfo info) {
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      try {
        FleetResult result =
            session
                .client()
                .newUntypedWorkflowStub(
                    fleet, Optional.of(info.getExecution().getRunId()), Optional.empty())
                .getResult(1, TimeUnit.SECONDS, FleetResult.class);
        if (result != null && result.state() != null) {
          return result.state().name();
        }
      } catch (TimeoutException | RuntimeException e) {
        // fall through to what Temporal recorded
      }
    }
    return info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "");
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
