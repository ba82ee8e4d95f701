package dev.flightplan.cli;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.FlightplanSearchAttributes;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.Target;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI's view of migrations in one namespace, turning Temporal's failures into answers a person
 * can act on.
 */
final class Migrations {

  static final String STATUS_QUERY = "status";

  private final TemporalSession session;
  private final Duration queryTimeout;

  Migrations(TemporalSession session, Duration queryTimeout) {
    this.session = session;
    this.queryTimeout = queryTimeout;
  }

  String namespace() {
    return session.namespace();
  }

  CliFailure notFound(String migration) {
    return new CliFailure(
        ExitCodes.NOT_FOUND,
        "no migration named "
            + migration
            + " in namespace "
            + namespace()
            + ": `flightplan list` shows the running ones");
  }

  /**
   * Starts the plan as a migration whose workflow id is the plan's name. A new run may follow a
   * closed one, but a second start while one runs is refused.
   */
  WorkflowExecution start(MigrationPlan plan, String startedBy, String taskQueue) {
    String migration = plan.name();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(migration)
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
            .setTypedSearchAttributes(initialSearchAttributes(plan))
            .setStaticSummary(summary(plan))
            .build();
    MigrationWorkflow stub = session.client().newWorkflowStub(MigrationWorkflow.class, options);
    try {
      return WorkflowClient.start(stub::run, new MigrationInput(plan, startedBy));
    } catch (WorkflowExecutionAlreadyStarted e) {
      throw new CliFailure(
          ExitCodes.REFUSED,
          "migration "
              + migration
              + " is already running (run ID "
              + e.getExecution().getRunId()
              + "): watch it with `flightplan watch "
              + migration
              + "`",
          e);
    } catch (WorkflowServiceException e) {
      throw explainStartFailure(e);
    }
  }

  /** A start refused for want of search attributes says how to register them. */
  RuntimeException explainStartFailure(WorkflowServiceException e) {
    String detail = FlightplanCli.oneLine(e);
    if (detail.toLowerCase(Locale.ROOT).contains("search attribute")) {
      return new CliFailure(
          ExitCodes.FAILED,
          "namespace "
              + namespace()
              + " lacks Flightplan's search attributes: run `flightplan setup` once ("
              + detail
              + ")",
          e);
    }
    return e;
  }

  static SearchAttributes initialSearchAttributes(MigrationPlan plan) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(FlightplanSearchAttributes.STATE, MigrationState.RUNNING.name())
            .set(FlightplanSearchAttributes.TARGET, target(plan.spec().target()))
            .set(FlightplanSearchAttributes.WEIGHT, 0L);
    if (!plan.spec().phases().isEmpty()) {
      attributes.set(FlightplanSearchAttributes.PHASE, plan.spec().phases().get(0).name());
    }
    return attributes.build();
  }

  /** {@code cluster/namespace}, or the namespace alone when the plan names no cluster. */
  static String target(Target target) {
    String cluster = target.cluster();
    return (cluster == null || cluster.isBlank() ? "" : cluster + "/")
        + target.namespaceOrDefault();
  }

  /**
   * The line the Temporal UI shows next to the workflow until the workflow sets its own details.
   */
  static String summary(MigrationPlan plan) {
    int steps = plan.spec().phases().stream().mapToInt(phase -> phase.steps().size()).sum();
    return "Flightplan migration "
        + plan.name()
        + " in "
        + target(plan.spec().target())
        + ": "
        + plan.spec().phases().size()
        + " phases, "
        + steps
        + " steps";
  }

  /**
   * The status, waiting as long as the CLI allows a query: a worker replaying a long history needs
   * a moment.
   */
  MigrationStatus status(String migration) {
    return status(migration, queryTimeout);
  }

  Duration queryTimeout() {
    return queryTimeout;
  }

  /**
   * The {@code status} query of the migration's latest run, answered within {@code timeout}. Sent
   * as a plain gRPC call with its own deadline: the SDK's query path retries a query nobody answers
   * for a minute.
   */
  MigrationStatus status(String migration, Duration timeout) {
    return query(migration, STATUS_QUERY, MigrationStatus.class, timeout, "migration");
  }

  /**
   * Sends {@code queryType} to the latest run of {@code workflowId} and decodes the answer; {@code
   * noun} ("migration", "fleet") names the workflow in error messages.
   */
  <T> T query(String workflowId, String queryType, Class<T> type, Duration timeout, String noun) {
    String migration = workflowId;
    QueryWorkflowResponse response;
    try {
      response =
          session
              .stubs()
              .blockingStub()
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .queryWorkflow(
                  QueryWorkflowRequest.newBuilder()
                      .setNamespace(namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(migration))
                      .setQuery(WorkflowQuery.newBuilder().setQueryType(queryType))
                      .build());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.NOT_FOUND) {
        throw notFound(migration);
      }
      if (code == Status.Code.DEADLINE_EXCEEDED) {
        throw new CliFailure(
            ExitCodes.FAILED,
            noun
                + " "
                + migration
                + " did not answer the "
                + queryType
                + " query within "
                + StatusView.human(timeout)
                + ": is a worker running? (`flightplan worker`)",
            e);
      }
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.UNAUTHENTICATED) {
        throw e;
      }
      throw new CliFailure(
          ExitCodes.FAILED,
          noun
              + " "
              + migration
              + " could not answer the "
              + queryType
              + " query: "
              + e.getStatus().getDescription(),
          e);
    }
    T answer =
        session
            .client()
            .getOptions()
            .getDataConverter()
            .fromPayloads(0, Optional.of(response.getQueryResult()), type, type);
    if (answer == null) {
      throw new CliFailure(
          ExitCodes.FAILED,
          noun + " " + migration + " answered the " + queryType + " query with nothing");
    }
    return answer;
  }

  /**
   * The workflow type of the latest run with this id ({@code MigrationWorkflow}, {@code
   * FleetWorkflow}), if any.
   */
  Optional<String> workflowType(String workflowId) {
    return describe(workflowId).map(info -> info.getType().getName());
  }

  void signal(String migration, Signal signal, Decision decision) {
    MigrationWorkflow stub = session.client().newWorkflowStub(MigrationWorkflow.class, migration);
    try {
      signal.sendTo(stub, decision);
    } catch (WorkflowNotFoundException e) {
      throw ended(migration)
          .map(state -> refusedBecauseEnded(migration, signal, state))
          .orElseGet(() -> notFound(migration));
    } catch (WorkflowServiceException e) {
      if (isNotFound(e)) {
        throw ended(migration)
            .map(state -> refusedBecauseEnded(migration, signal, state))
            .orElseGet(() -> notFound(migration));
      }
      throw e;
    }
  }

  private CliFailure refusedBecauseEnded(String migration, Signal signal, String state) {
    return new CliFailure(
        ExitCodes.REFUSED,
        "migration "
            + migration
            + " has ended ("
            + state
            + "): it takes no "
            + signal.signalName()
            + "; `flightplan status "
            + migration
            + "` shows how it ended");
  }

  /** The latest run's Temporal record, if there is one. */
  Optional<WorkflowExecutionInfo> describe(String migration) {
    try {
      return Optional.of(
          session
              .stubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(namespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(migration))
                      .build())
              .getWorkflowExecutionInfo());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** How the latest run ended, or empty while it runs (or when there is none). */
  Optional<String> ended(String migration) {
    Optional<WorkflowExecutionInfo> info = describe(migration);
    if (info.isEmpty()
        || info.get().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    return Optional.of(finalState(migration, info.get()));
  }

  /**
   * The migration's own word on how it ended (its result), else the search attribute it kept, else
   * Temporal's status (FAILED, TERMINATED, TIMED_OUT).
   */
  String finalState(String migration, WorkflowExecutionInfo info) {
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
      try {
        WorkflowStub stub =
            session
                .client()
                .newUntypedWorkflowStub(
                    migration, Optional.of(info.getExecution().getRunId()), Optional.empty());
        MigrationResult result = stub.getResult(1, TimeUnit.SECONDS, MigrationResult.class);
        if (result != null && result.state() != null) {
          return result.state().name();
        }
      } catch (TimeoutException | RuntimeException e) {
        // fall through to what Temporal recorded
      }
    }
    return keyword(info, FlightplanSearchAttributes.STATE.getName())
        .filter(
            state ->
                info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED)
        .orElse(info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", ""));
  }

  static Optional<String> keyword(WorkflowExecutionInfo info, String name) {
    Payload payload = info.getSearchAttributes().getIndexedFieldsMap().get(name);
    if (payload == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static Optional<Long> number(WorkflowExecutionInfo info, String name) {
    Payload payload = info.getSearchAttributes().getIndexedFieldsMap().get(name);
    if (payload == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, Long.class, Long.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  static boolean isNotFound(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof WorkflowNotFoundException) {
        return true;
      }
      if (cause instanceof StatusRuntimeException grpc) {
        return grpc.getStatus().getCode() == Status.Code.NOT_FOUND;
      }
    }
    return false;
  }
}
