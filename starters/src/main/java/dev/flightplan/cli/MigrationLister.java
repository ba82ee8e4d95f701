package dev.flightplan.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.flightplan.fleet.FleetSearchAttributes;
import dev.flightplan.migration.FlightplanSearchAttributes;
import dev.flightplan.migration.MigrationStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Lists migrations through ListOpen/ListClosedWorkflowExecutions, which both the real server and
 * the SDK's in-process test server (the demo) answer, unlike the query-based
 * ListWorkflowExecutions. Running migrations are asked for their status; ended ones are described
 * from their result or search attributes.
 *
 * <p>A fleet's migrations are found with the visibility query {@code FlightplanFleet="NAME"} where
 * the server answers one, else by their workflow ids, which start with {@code NAME/}.
 */
final class MigrationLister {

  static final String WORKFLOW_TYPE = "MigrationWorkflow";
  private static final int PAGE_SIZE = 100;

  /**
   * One line of {@code flightplan list}. Times are ISO-8601 UTC; {@code closed} is null while
   * running.
   */
  record Row(
      String migration,
      String runId,
      String state,
      String phase,
      String step,
      Long weight,
      String started,
      String closed) {}

  /**
   * Short: when one running migration does not answer, no worker is polling, and the rest are not
   * asked.
   */
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofSeconds(3);

  private final TemporalSession session;
  private final Migrations migrations;
  private boolean workersAnswer = true;

  MigrationLister(Migrations migrations, TemporalSession session) {
    this.session = session;
    this.migrations = migrations;
  }

  /**
   * Running migrations, then those that ended in the last {@code closedWithin}, newest first, at
   * most {@code limit} ended.
   */
  List<Row> list(Instant now, Duration closedWithin, int limit) {
    return rows(
        open(now, MigrationLister::isMigration),
        closed(now, closedWithin, limit, MigrationLister::isMigration),
        limit);
  }

  /** Like {@link #list}, for the migrations one fleet started. */
  List<Row> listFleet(String fleet, Instant now, Duration closedWithin, int limit) {
    Optional<List<WorkflowExecutionInfo>> tagged = byFleetAttribute(fleet);
    if (tagged.isEmpty()) {
      Predicate<WorkflowExecutionInfo> ofFleet =
          info -> isMigration(info) && info.getExecution().getWorkflowId().startsWith(fleet + "/");
      return rows(open(now, ofFleet), closed(now, closedWithin, limit, ofFleet), limit);
    }
    Instant earliest = now.minus(closedWithin);
    List<WorkflowExecutionInfo> open = new ArrayList<>();
    List<WorkflowExecutionInfo> closed = new ArrayList<>();
    for (WorkflowExecutionInfo info : tagged.get()) {
      if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
        open.add(info);
      } else if (!toInstant(info.getStartTime()).isBefore(earliest)) {
        closed.add(info);
      }
    }
    open.sort(Comparator.comparing(info -> info.getExecution().getWorkflowId()));
    return rows(open, closed, limit);
  }

  /**
   * The visibility query's answer for {@code FlightplanFleet="NAME"}, or empty when the server has
   * no such query (the in-process test server) or does not know the attribute.
   */
  private Optional<List<WorkflowExecutionInfo>> byFleetAttribute(String fleet) {
    String query =
        FleetSearchAttributes.FLEET.getName()
            + " = \""
            + fleet.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\" AND WorkflowType = \""
            + WORKFLOW_TYPE
            + "\"";
    List<WorkflowExecutionInfo> found = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    try {
      do {
        ListWorkflowExecutionsResponse page =
            session
                .stubs()
                .blockingStub()
                .listWorkflowExecutions(
                    ListWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(session.namespace())
                        .setPageSize(PAGE_SIZE)
                        .setNextPageToken(token)
                        .setQuery(query)
                        .build());
        page.getExecutionsList().stream().filter(MigrationLister::isMigration).forEach(found::add);
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.UNIMPLEMENTED || code == Status.Code.INVALID_ARGUMENT) {
        return Optional.empty();
      }
      throw e;
    }
    return Optional.of(found);
  }

  private List<Row> rows(
      List<WorkflowExecutionInfo> open, List<WorkflowExecutionInfo> closed, int limit) {
    List<Row> rows = new ArrayList<>();
    for (WorkflowExecutionInfo info : open) {
      rows.add(openRow(info));
    }
    closed = new ArrayList<>(closed);
    closed.sort(
        Comparator.comparing((WorkflowExecutionInfo info) -> toInstant(info.getCloseTime()))
            .reversed());
    for (WorkflowExecutionInfo info : closed.subList(0, Math.min(limit, closed.size()))) {
      rows.add(closedRow(info));
    }
    return rows;
  }

  private List<WorkflowExecutionInfo> open(Instant now, Predicate<WorkflowExecutionInfo> wanted) {
    List<WorkflowExecutionInfo> found = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse page =
          session
              .stubs()
              .blockingStub()
              .listOpenWorkflowExecutions(
                  ListOpenWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(session.namespace())
                      .setMaximumPageSize(PAGE_SIZE)
                      .setNextPageToken(token)
                      .setStartTimeFilter(everythingUntil(now))
                      .build());
      page.getExecutionsList().stream().filter(wanted).forEach(found::add);
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    found.sort(Comparator.comparing(info -> info.getExecution().getWorkflowId()));
    return found;
  }

  private List<WorkflowExecutionInfo> closed(
      Instant now, Duration within, int limit, Predicate<WorkflowExecutionInfo> wanted) {
    List<WorkflowExecutionInfo> found = new ArrayList<>();
    ByteString token = ByteString.EMPTY;
    do {
      ListClosedWorkflowExecutionsResponse page =
          session
              .stubs()
              .blockingStub()
              .listClosedWorkflowExecutions(
                  ListClosedWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(session.namespace())
                      .setMaximumPageSize(PAGE_SIZE)
                      .setNextPageToken(token)
                      .setStartTimeFilter(
                          StartTimeFilter.newBuilder()
                              .setEarliestTime(timestamp(now.minus(within)))
                              .setLatestTime(timestamp(now)))
                      .build());
      page.getExecutionsList().stream().filter(wanted).forEach(found::add);
      token = page.getNextPageToken();
    } while (!token.isEmpty() && found.size() < 10 * limit);
    return found;
  }

  private Row openRow(WorkflowExecutionInfo info) {
    String migration = info.getExecution().getWorkflowId();
    String started = toInstant(info.getStartTime()).toString();
    if (workersAnswer) {
      try {
        MigrationStatus status =
            migrations.status(migration, shorter(MAX_QUERY_TIMEOUT, migrations.queryTimeout()));
        String step =
            status.totalSteps() > 0
                ? status.stepNumber()
                    + "/"
                    + status.totalSteps()
                    + (status.step() == null ? "" : " " + status.step())
                : status.step();
        return new Row(
            migration,
            info.getExecution().getRunId(),
            String.valueOf(status.state()),
            status.phase(),
            step,
            (long) status.weight(),
            started,
            null);
      } catch (CliFailure noAnswer) {
        workersAnswer = false;
      }
    }
    // No worker answered: the search attributes the workflow keeps up to date still tell most of
    // it. The list
    // response of some servers (the in-process test server) leaves them out, a describe has them.
    WorkflowExecutionInfo described =
        info.getSearchAttributes().getIndexedFieldsCount() > 0
            ? info
            : migrations.describe(migration).orElse(info);
    return new Row(
        migration,
        info.getExecution().getRunId(),
        Migrations.keyword(described, FlightplanSearchAttributes.STATE.getName()).orElse("RUNNING")
            + "?",
        Migrations.keyword(described, FlightplanSearchAttributes.PHASE.getName()).orElse(null),
        null,
        Migrations.number(described, FlightplanSearchAttributes.WEIGHT.getName()).orElse(null),
        started,
        null);
  }

  private Row closedRow(WorkflowExecutionInfo info) {
    String migration = info.getExecution().getWorkflowId();
    return new Row(
        migration,
        info.getExecution().getRunId(),
        migrations.finalState(migration, info),
        Migrations.keyword(info, FlightplanSearchAttributes.PHASE.getName()).orElse(null),
        null,
        Migrations.number(info, FlightplanSearchAttributes.WEIGHT.getName()).orElse(null),
        toInstant(info.getStartTime()).toString(),
        toInstant(info.getCloseTime()).toString());
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static boolean isMigration(WorkflowExecutionInfo info) {
    return WORKFLOW_TYPE.equals(info.getType().getName());
  }

  private static StartTimeFilter everythingUntil(Instant now) {
    return StartTimeFilter.newBuilder()
        .setEarliestTime(timestamp(Instant.EPOCH))
        .setLatestTime(timestamp(now.plus(Duration.ofDays(1))))
        .build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }

  private static Instant toInstant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
