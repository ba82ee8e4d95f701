package dev.flightplan.slack;

import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.util.List;

/**
 * The ids of running migrations. Uses the visibility query API, and falls back to the older list-open API that the
 * SDK's in-process test server (the embedded demo) answers.
 */
final class RunningMigrations {

  static final int LIMIT = 20;
  private static final String WORKFLOW_TYPE = "MigrationWorkflow";

  private final WorkflowClient client;

  RunningMigrations(WorkflowClient client) {
    this.client = client;
  }

  List<String> ids() {
    try {
      return client
          .listExecutions("WorkflowType = '" + WORKFLOW_TYPE + "' AND ExecutionStatus = 'Running'")
          .limit(LIMIT)
          .map(execution -> execution.getExecution().getWorkflowId())
          .toList();
    } catch (RuntimeException visibilityQueriesUnsupported) {
      return client
          .getWorkflowServiceStubs()
          .blockingStub()
          .listOpenWorkflowExecutions(
              ListOpenWorkflowExecutionsRequest.newBuilder()
                  .setNamespace(client.getOptions().getNamespace())
                  .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE))
                  .setMaximumPageSize(LIMIT)
                  .build())
          .getExecutionsList()
          .stream()
          .map(info -> info.getExecution().getWorkflowId())
          .toList();
    }
  }
}
