package dev.flightplan.fleet;

import static dev.flightplan.fleet.ChildLedger.LEDGER;
import static dev.flightplan.fleet.Fleets.dependent;
import static dev.flightplan.fleet.Fleets.fleet;
import static dev.flightplan.fleet.Fleets.gatedWave;
import static dev.flightplan.fleet.Fleets.system;
import static dev.flightplan.fleet.Fleets.wave;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightplan.migration.Decision;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.plan.FailureBudget;
import dev.flightplan.plan.FleetPlan;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet's own logic, against scripted child migrations, in the time-skipping test environment.
 */
class FleetWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              FleetWorkflowImpl.class, ScriptedMigrationWorkflow.class)
          .registerSearchAttribute("FlightplanFleet", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build();

  @Test
  void migratesEveryWaveInOrderAndNeverExceedsMaxParallel(
      TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "order-fleet",
            List.of(
                system("a1"),
                system("a2"),
                system("a3"),
                system("b1"),
                system("b2"),
                system("b3"),
                system("b4")),
            List.of(
                wave("first", 2, List.of("a1", "a2", "a3")),
                wave("second", 3, List.of("b1", "b2", "b3", "b4"))));
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(result.kpis().migrated()).isEqualTo(7);
    assertThat(LEDGER.peakConcurrency("order-fleet", Set.of("a1", "a2", "a3")::contains))
        .isEqualTo(2);
    assertThat(LEDGER.peakConcurrency("order-fleet", Set.of("b1", "b2", "b3", "b4")::contains))
        .isEqualTo(3);
    long lastOfFirst =
        List.of("a1", "a2", "a3").stream()
            .mapToLong(s -> LEDGER.end("order-fleet", s).orElseThrow().atMillis())
            .max()
            .orElseThrow();
    assertThat(LEDGER.start("order-fleet", "b1").orElseThrow().atMillis())
        .isGreaterThanOrEqualTo(lastOfFirst);
    assertThat(run.historyLengths()).hasSize(2);
  }

  @Test
  void spentBudgetHaltsUntilResumeAndHaltsAgainOnTheNextRollback(
      TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "budget-fleet",
            List.of(
                system("s1"),
                system("s2", "simulate", "rollback"),
                system("s3"),
                system("s4", "simulate", "rollback"),
                system("s5"),
                system("s6")),
            List.of(wave("only", 1, List.of("s1", "s2", "s3", "s4", "s5", "s6"))),
            new FailureBudget(0, null, null, FailureBudget.HALT),
            null,
            null);
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetStatus halted =
        run.advanceUntil(s -> s.state() == FleetState.HALTED, Duration.ofMinutes(30), 100);
    assertThat(halted.haltReason()).contains("1 rollbacks, budget allows 0");
    assertThat(halted.pending().kind()).isEqualTo("budget");
    env.sleep(Duration.ofDays(3));
    assertThat(run.status().state()).isEqualTo(FleetState.HALTED);
    assertThat(LEDGER.startOrder("budget-fleet", ChildLedger.Kind.MIGRATE))
        .containsExactly("s1", "s2");

    run.resume("alice");
    FleetStatus haltedAgain =
        run.advanceUntil(
            s -> s.state() == FleetState.HALTED && run.kpis().rolledBack() == 2,
            Duration.ofMinutes(30),
            100);
    assertThat(haltedAgain.haltReason()).contains("2 rollbacks");
    assertThat(LEDGER.startOrder("budget-fleet", ChildLedger.Kind.MIGRATE))
        .containsExactly("s1", "s2", "s3", "s4");

    run.resume("alice");
    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(result.kpis().migrated()).isEqualTo(4);
    assertThat(result.kpis().rolledBack()).isEqualTo(2);
    assertThat(run.status().timeline())
        .anySatisfy(e -> assertThat(e.text()).contains("accepted spent budget"));
  }

  @Test
  void gateWaitsForAnApprovalFromAnAllowedApprover(TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "gate-fleet",
            List.of(system("a1"), system("a2"), system("b1"), system("b2")),
            List.of(
                gatedWave("first", 2, List.of("a1", "a2"), "6h"),
                wave("second", 2, List.of("b1", "b2"))),
            null,
            List.of("carol"),
            null);
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetStatus waiting =
        run.advanceUntil(
            s -> s.state() == FleetState.WAITING_APPROVAL, Duration.ofMinutes(30), 100);
    assertThat(waiting.pending().kind()).isEqualTo("gate");
    assertThat(waiting.waves().get(0).systems())
        .allSatisfy(
            row -> {
              assertThat(row.state()).isEqualTo(SystemState.COMPLETED);
              assertThat(row.weight()).isEqualTo(100);
              assertThat(row.durationMillis())
                  .isCloseTo(
                      Duration.ofHours(2).toMillis(),
                      org.assertj.core.api.Assertions.within(1_000L));
              assertThat(row.workflowId()).isEqualTo("gate-fleet/" + row.system());
            });
    assertThat(waiting.waves().get(1).systems())
        .allSatisfy(
            row -> {
              assertThat(row.state()).isEqualTo(SystemState.PENDING);
              assertThat(row.weight()).isZero();
            });
    long firstWaveDone = LEDGER.end("gate-fleet", "a2").orElseThrow().atMillis();

    run.approve("mallory");
    env.sleep(Duration.ofDays(2));
    FleetStatus stillWaiting = run.status();
    assertThat(stillWaiting.state()).isEqualTo(FleetState.WAITING_APPROVAL);
    assertThat(stillWaiting.timeline())
        .anySatisfy(e -> assertThat(e.text()).contains("mallory is not an approver"));
    assertThat(LEDGER.start("gate-fleet", "b1")).isEmpty();

    long approvedAt = env.currentTimeMillis();
    run.approve("carol");
    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(approvedAt - firstWaveDone).isGreaterThanOrEqualTo(Duration.ofHours(6).toMillis());
    assertThat(LEDGER.start("gate-fleet", "b1").orElseThrow().atMillis())
        .isGreaterThanOrEqualTo(approvedAt);
  }

  @Test
  void abortAbortsRunningChildrenWhichRollBackAndStartsNoMore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    List<String> names = List.of("r1", "r2", "r3", "r4", "r5", "r6");
    FleetPlan plan =
        fleet(
            "abort-fleet",
            names.stream().map(n -> system(n, "duration", "3d")).toList(),
            List.of(wave("only", 3, names)));
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);
    await().atMost(Duration.ofSeconds(20)).until(() -> LEDGER.countStarts("abort-fleet") == 3);

    run.stub().abort(new Decision("bob", "customer impact"));
    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.ABORTED);
    assertThat(result.summary()).contains("aborted by bob");
    assertThat(result.kpis().rolledBack()).isEqualTo(3);
    assertThat(result.kpis().pending()).isEqualTo(3);
    assertThat(LEDGER.outcomes("abort-fleet"))
        .containsOnlyKeys("r1", "r2", "r3")
        .allSatisfy((system, outcome) -> assertThat(outcome).isEqualTo("ABORTED"));
    for (String child : List.of("r1", "r2", "r3")) {
      MigrationResult childResult =
          client
              .newUntypedWorkflowStub(FleetWorkflow.childId("abort-fleet", child))
              .getResult(MigrationResult.class);
      assertThat(childResult.state()).isEqualTo(MigrationState.ABORTED);
      assertThat(childResult.summary()).contains("aborted by bob");
    }
    assertThat(LEDGER.countStarts("abort-fleet")).isEqualTo(3);
  }

  @Test
  void dependentsStartOnlyAfterTheirDependenciesMigratedAndAreSkippedWhenOneFailed(
      TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "deps-fleet",
            List.of(
                system("a"),
                dependent("b", List.of("a")),
                dependent("c", List.of("b")),
                system("d", "duration", "1h"),
                system("x", "simulate", "fail"),
                dependent("e", List.of("x")),
                dependent("f", List.of("e", "d"))),
            List.of(wave("only", 4, List.of("a", "b", "c", "d", "x", "e", "f"))));
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(result.kpis().migrated()).isEqualTo(4);
    assertThat(result.kpis().failed()).isEqualTo(1);
    assertThat(result.kpis().skipped()).isEqualTo(2);
    String fleet = "deps-fleet";
    assertThat(LEDGER.start(fleet, "b").orElseThrow().atMillis())
        .isGreaterThanOrEqualTo(LEDGER.end(fleet, "a").orElseThrow().atMillis());
    assertThat(LEDGER.start(fleet, "c").orElseThrow().atMillis())
        .isGreaterThanOrEqualTo(LEDGER.end(fleet, "b").orElseThrow().atMillis());
    assertThat(LEDGER.start(fleet, "d").orElseThrow().atMillis())
        .as("d depends on nothing: it runs alongside a")
        .isLessThan(LEDGER.end(fleet, "a").orElseThrow().atMillis());
    assertThat(LEDGER.start(fleet, "e")).isEmpty();
    assertThat(LEDGER.start(fleet, "f")).isEmpty();
    FleetStatus.SystemRow f =
        run.status().waves().get(0).systems().stream()
            .filter(r -> r.system().equals("f"))
            .findFirst()
            .orElseThrow();
    assertThat(f.state()).isEqualTo(SystemState.SKIPPED);
    assertThat(f.summary()).contains("depends on 'e'");
  }

  @Test
  void pauseStopsStartingMigrationsUntilResume(TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "pause-fleet",
            List.of(system("p1"), system("p2"), system("p3")),
            List.of(wave("only", 1, List.of("p1", "p2", "p3"))));
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);
    await().atMost(Duration.ofSeconds(20)).until(() -> LEDGER.countStarts("pause-fleet") == 1);

    run.stub().pause(new Decision("dave", "change freeze"));
    env.sleep(Duration.ofDays(2));
    FleetStatus paused = run.status();
    assertThat(paused.state()).isEqualTo(FleetState.PAUSED);
    assertThat(run.kpis().migrated()).isEqualTo(1);
    assertThat(LEDGER.countStarts("pause-fleet")).isEqualTo(1);

    run.resume("dave");
    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(result.kpis().migrated()).isEqualTo(3);
  }

  @Test
  void rollbackWaveAbortsRunningChildrenAndRevertsCompletedOnesNewestFirst(
      TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "revert-fleet",
            List.of(
                system("w1"),
                system("w2", "duration", "3h"),
                system("w3", "duration", "5h", "simulate", "rollback"),
                system("w4", "duration", "2d"),
                system("w5", "duration", "4h")),
            List.of(wave("only", 3, List.of("w1", "w2", "w3", "w4", "w5"))),
            new FailureBudget(0, null, null, FailureBudget.ROLLBACK_WAVE),
            null,
            Fleets.revertTemplate());
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.ROLLED_BACK);
    assertThat(result.kpis().reverted()).isEqualTo(2);
    assertThat(result.kpis().rolledBack()).isEqualTo(3);
    assertThat(result.kpis().migrated()).isZero();
    assertThat(result.kpis().pending()).isZero();
    assertThat(LEDGER.outcomes("revert-fleet"))
        .containsEntry("w3", "ROLLED_BACK")
        .containsEntry("w4", "ABORTED")
        .containsEntry("w5", "ABORTED");
    assertThat(LEDGER.startOrder("revert-fleet", ChildLedger.Kind.REVERT))
        .containsExactly("w2", "w1");
    assertThat(result.summary()).contains("wave 'only' rolled back");
  }

  @Test
  void abortAtAGateEndsTheFleetWithoutStartingTheNextWave(
      TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "gate-abort-fleet",
            List.of(system("a1"), system("b1")),
            List.of(gatedWave("first", 1, List.of("a1"), null), wave("second", 1, List.of("b1"))));
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);
    run.advanceUntil(s -> s.state() == FleetState.WAITING_APPROVAL, Duration.ofMinutes(30), 100);

    run.stub().approve(new Decision(null, "anonymous"));
    run.stub().abort(new Decision("erin", "postponed"));
    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.ABORTED);
    assertThat(result.kpis().migrated()).isEqualTo(1);
    assertThat(result.kpis().pending()).isEqualTo(1);
    assertThat(LEDGER.start("gate-abort-fleet", "b1")).isEmpty();
    assertThat(run.status().timeline())
        .anySatisfy(e -> assertThat(e.text()).contains("say who approves"));
  }

  @Test
  void aRevertThatDoesNotCompleteLeavesItsSystemMigratedAndIsNamed(
      TestWorkflowEnvironment env, Worker worker) {
    FleetPlan plan =
        fleet(
            "revert-fail-fleet",
            List.of(system("ok", "revertSimulate", "fail"), system("bad", "simulate", "rollback")),
            List.of(wave("only", 1, List.of("ok", "bad"))),
            new FailureBudget(0, null, null, FailureBudget.ROLLBACK_WAVE),
            null,
            Fleets.revertTemplate());
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetResult result = run.result();

    assertThat(result.state()).isEqualTo(FleetState.ROLLED_BACK);
    assertThat(result.summary()).contains("could not revert ok");
    assertThat(result.kpis().migrated()).isEqualTo(1);
    assertThat(result.kpis().reverted()).isZero();
    FleetStatus.SystemRow ok = run.status().waves().get(0).systems().get(0);
    assertThat(ok.state()).isEqualTo(SystemState.REVERT_FAILED);
    assertThat(ok.weight()).isEqualTo(100);
  }
}
