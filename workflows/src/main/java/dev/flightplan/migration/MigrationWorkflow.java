package dev.flightplan.migration;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One migration, run durably. Signals carry plain JSON ({@code {"by":"alice","reason":"..."}}) so the Temporal UI
 * and {@code temporal workflow signal} can send them; a signal the migration cannot take now is refused and the
 * refusal recorded in the timeline, which callers read back through {@link #status()}.
 */
@WorkflowInterface
public interface MigrationWorkflow {

  String TASK_QUEUE = "flightplan";

  @WorkflowMethod
  MigrationResult run(MigrationInput input);

  @SignalMethod
  void approve(Decision decision);

  @SignalMethod
  void reject(Decision decision);

  @SignalMethod
  void abort(Decision decision);

  @SignalMethod
  void pause(Decision decision);

  @SignalMethod
  void resume(Decision decision);

  @SignalMethod
  void retry(Decision decision);

  @SignalMethod
  void skip(Decision decision);

  @QueryMethod
  MigrationStatus status();
}
