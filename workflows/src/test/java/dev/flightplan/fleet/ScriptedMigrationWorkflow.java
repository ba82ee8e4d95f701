package dev.flightplan.fleet;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.plan.PlanDuration;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * TEST ONLY: a MigrationWorkflow that does no migration. Its plan's vars script it: {@code
 * duration} (default 2h) is how long it takes in workflow time, {@code simulate} is {@code
 * rollback} (ends ROLLED_BACK), {@code fail} (the workflow fails) or {@code slow} (takes five times
 * as long). A plan whose vars have {@code action: revert} is a wave rollback's revert; {@code
 * revertSimulate: fail} makes that revert end ROLLED_BACK. {@code abort} interrupts the wait and
 * rolls back (one minute) to ABORTED, as the real migration does. Everything it does goes to {@link
 * ChildLedger}.
 */
public class ScriptedMigrationWorkflow implements MigrationWorkflow {

  private Decision abortedBy;
  private MigrationState state = MigrationState.RUNNING;
  private String system = "";

  @Override
  public MigrationResult run(MigrationInput input) {
    Map<String, String> vars = input.plan().spec().vars();
    system = vars.getOrDefault("system", input.plan().name());
    String fleet = input.fleet();
    boolean revert = "revert".equals(vars.get("action"));
    ChildLedger.Kind kind = revert ? ChildLedger.Kind.REVERT : ChildLedger.Kind.MIGRATE;
    String simulate =
        revert ? vars.getOrDefault("revertSimulate", "") : vars.getOrDefault("simulate", "");
    Duration takes = PlanDuration.parse(vars.getOrDefault("duration", "2h")).toDuration();
    if ("slow".equals(simulate)) {
      takes = takes.multipliedBy(5);
    }
    record(() -> ChildLedger.LEDGER.started(fleet, system, kind, Workflow.currentTimeMillis()));

    boolean aborted = Workflow.await(takes, () -> abortedBy != null);
    if (aborted) {
      state = MigrationState.ROLLING_BACK;
      Workflow.sleep(Duration.ofMinutes(1));
      return end(
          fleet, kind, MigrationState.ABORTED, "aborted by " + abortedBy.by() + ", rolled back");
    }
    switch (simulate) {
      case "rollback", "fail" -> {
        if ("fail".equals(simulate) && !revert) {
          record(
              () ->
                  ChildLedger.LEDGER.ended(
                      fleet, system, kind, "FAILED", Workflow.currentTimeMillis()));
          throw ApplicationFailure.newNonRetryableFailure(
              "simulated failure of " + system, "SimulatedFailure");
        }
        return end(
            fleet,
            kind,
            MigrationState.ROLLED_BACK,
            "latency_p95 above +10% baseline: rolled back");
      }
      default -> {
        return end(fleet, kind, MigrationState.COMPLETED, system + " migrated");
      }
    }
  }

  private MigrationResult end(
      String fleet, ChildLedger.Kind kind, MigrationState outcome, String summary) {
    state = outcome;
    record(
        () ->
            ChildLedger.LEDGER.ended(
                fleet, system, kind, outcome.name(), Workflow.currentTimeMillis()));
    return new MigrationResult(outcome, summary);
  }

  private static void record(Runnable entry) {
    if (!Workflow.isReplaying()) {
      entry.run();
    }
  }

  @Override
  public void abort(Decision decision) {
    if (abortedBy == null) {
      abortedBy = decision;
    }
  }

  @Override
  public void approve(Decision decision) {}

  @Override
  public void reject(Decision decision) {}

  @Override
  public void pause(Decision decision) {}

  @Override
  public void resume(Decision decision) {}

  @Override
  public void retry(Decision decision) {}

  @Override
  public void skip(Decision decision) {}

  @Override
  public MigrationStatus status() {
    return new MigrationStatus(
        system, state, null, null, 0, 0, 0, null, List.of(), Map.of(), List.of(), false, null,
        List.of());
  }
}
