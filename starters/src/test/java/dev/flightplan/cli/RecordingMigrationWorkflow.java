package dev.flightplan.cli;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.PendingDecision;
import dev.flightplan.migration.TimelineEntry;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stand-in migration for CLI tests: waits for one approval from the plan's approvers, records
 * every signal it takes or refuses in its timeline as the real workflow does, and completes on
 * approval or rolls back on reject. {@code pause} is deliberately never recorded, to exercise an
 * unconfirmed signal.
 */
public class RecordingMigrationWorkflow implements MigrationWorkflow {

  /** A plan variable: the traffic weight the stand-in reports while it runs (default 0). */
  static final String WEIGHT_VAR = "weight";

  private final List<TimelineEntry> timeline = new ArrayList<>();
  private MigrationState state = MigrationState.RUNNING;
  private String name;
  private List<String> approvers = List.of();
  private int weight;

  @Override
  public MigrationResult run(MigrationInput input) {
    name = input.plan().name();
    approvers = input.plan().spec().approvers();
    weight = Integer.parseInt(input.plan().spec().vars().getOrDefault(WEIGHT_VAR, "0"));
    record("started", "plan " + name, input.startedBy());
    state = MigrationState.WAITING_APPROVAL;
    Workflow.await(() -> state.isFinal());
    return new MigrationResult(state, name + " " + state);
  }

  @Override
  public void approve(Decision decision) {
    if (state != MigrationState.WAITING_APPROVAL) {
      record(
          "refused",
          "approve: nothing is waiting for approval (state " + state + ")",
          decision.by());
    } else if (!approvers.contains(decision.by())) {
      record("refused", "approve: " + decision.by() + " is not an approver", decision.by());
    } else {
      record("approved", "approval 1 of 1", decision.by());
      state = MigrationState.COMPLETED;
    }
  }

  @Override
  public void reject(Decision decision) {
    record("rejected", "rolling back: " + decision.reason(), decision.by());
    state = MigrationState.ROLLED_BACK;
  }

  @Override
  public void abort(Decision decision) {
    record("aborted", "abort requested", decision.by());
    state = MigrationState.ABORTED;
  }

  @Override
  public void pause(Decision decision) {}

  @Override
  public void resume(Decision decision) {
    record("refused", "resume: not paused (state " + state + ")", decision.by());
  }

  @Override
  public void retry(Decision decision) {
    record("refused", "retry: nothing failed", decision.by());
  }

  @Override
  public void skip(Decision decision) {
    record("refused", "skip: nothing failed", decision.by());
  }

  @Override
  public MigrationStatus status() {
    PendingDecision pending =
        state == MigrationState.WAITING_APPROVAL
            ? new PendingDecision(
                "approval", "Switch traffic?", 1, List.of(), approvers, null, "rollback")
            : null;
    return new MigrationStatus(
        name,
        state,
        "cutover",
        "approval",
        1,
        1,
        state.isFinal() ? 0 : weight,
        pending,
        List.of(),
        Map.of(),
        List.of(),
        false,
        state == MigrationState.WAITING_APPROVAL ? "approve or reject" : null,
        List.copyOf(timeline));
  }

  private void record(String kind, String text, String by) {
    timeline.add(new TimelineEntry(Workflow.currentTimeMillis(), kind, text, by));
  }
}
