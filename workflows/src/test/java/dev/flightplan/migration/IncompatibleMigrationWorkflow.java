package dev.flightplan.migration;

import dev.flightplan.activities.NotifyActivities;
import dev.flightplan.activities.NotifyActivities.Notification;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/** A deliberately incompatible "new version": it calls a different activity first. Replay must reject it. */
public class IncompatibleMigrationWorkflow extends MigrationWorkflowImpl {
  @Override
  public MigrationResult run(MigrationInput input) {
    Workflow.newActivityStub(
            NotifyActivities.class, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5)).build())
        .send(new Notification(null, input.plan().name(), "changed", "k", "changed", null, null, null, null));
    return super.run(input);
  }
}
