package dev.flightplan.migration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.MetricsActivities.ObserveRequest;
import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.analysis.Figure;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 003's parallel run: old and new side by side, then a comparison verdict decides continue or roll back. */
class ParallelRunWorkflowTest {

  private static final Trigger THROUGHPUT = new Trigger("throughput", null, Threshold.parse("-5% stable"), null);
  private static final Trigger LATENCY = new Trigger("latency_p95", Threshold.parse("+10% stable"), null, null);
  private static final Step.ParallelRun SEED_003 =
      new Step.ParallelRun(
          PlanDuration.parse("24h"), PlanDuration.parse("1m"), null, List.of(THROUGHPUT, LATENCY), true);

  private static final Figure THROUGHPUT_HELD =
      new Figure("throughput below -5% stable", 97.0, 100.0, 95.0, Figure.Outcome.HELD, 1440, null);
  private static final Figure LATENCY_HELD =
      new Figure("latency_p95 above +10% stable", 0.21, 0.2, 0.22, Figure.Outcome.HELD, 1440, null);
  private static final Figure THROUGHPUT_BREACHED =
      new Figure("throughput below -5% stable", 90.0, 100.0, 95.0, Figure.Outcome.BREACHED, 1440, null);

  private MigrationHarness harness;
  private final AtomicReference<ObserveRequest> observed = new AtomicReference<>();

  @BeforeEach
  void setUp() {
    harness = new MigrationHarness();
    TestPlans.seedCluster(harness.cluster);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  private void parallelRunEnds(Verdict verdict) {
    harness.metrics.verdicts(
        request -> {
          observed.set(request);
          return verdict;
        });
  }

  private static List<String> timeline(MigrationStatus status, String kind) {
    return status.timeline().stream().filter(e -> e.kind().equals(kind)).map(TimelineEntry::text).toList();
  }

  private Notification notification(String event) {
    return harness.notify.all().stream().filter(n -> n.event().equals(event)).findFirst().orElseThrow();
  }

  @Test
  void comparisonsThatHoldLetTheMigrationContinueWithEveryFigureKept() {
    parallelRunEnds(
        Verdict.pass(1440)
            .withReason("every comparison held over 1440 samples")
            .withFigures(List.of(THROUGHPUT_HELD, LATENCY_HELD)));
    MigrationWorkflow workflow = harness.start(TestPlans.parallelRunPlan("side-by-side-pass", SEED_003));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.calls.after("awaitRollout web-green"))
        .filteredOn(c -> !c.startsWith("get "))
        .containsExactly("observe parallel run 1d", "setSelector web {app=web, version=green}");
    ObserveRequest request = observed.get();
    assertThat(request.compare()).containsExactly(THROUGHPUT, LATENCY);
    assertThat(request.triggers()).extracting(Trigger::describe).containsExactly("error_rate above 0.05");
    assertThat(request.metrics()).containsOnlyKeys("error_rate", "throughput", "latency_p95");
    assertThat(request.metrics().get("throughput").measuresStable()).isTrue();
    assertThat(request.durationMillis()).isEqualTo(PlanDuration.parse("24h").millis());
    assertThat(request.intervalMillis()).isEqualTo(60_000);
    MigrationStatus status = workflow.status();
    assertThat(timeline(status, "parallel-run"))
        .containsExactly(
            "parallel run 1d: old and new side by side, the new version on mirrored traffic; comparing"
                + " throughput below -5% stable; latency_p95 above +10% stable");
    assertThat(timeline(status, "figure"))
        .containsExactly(
            "throughput below -5% stable: canary 97, stable 100, limit 95: held (1440 samples)",
            "latency_p95 above +10% stable: canary 0.21, stable 0.2, limit 0.22: held (1440 samples)");
    assertThat(status.verdicts()).last().satisfies(v -> assertThat(v.figures()).containsExactly(THROUGHPUT_HELD, LATENCY_HELD));
    assertThat(notification("compared").fields())
        .containsEntry("figure 1", THROUGHPUT_HELD.describe())
        .containsEntry("figure 2", LATENCY_HELD.describe());
  }

  @Test
  void aComparisonThatBreaksRollsBackWithEveryFigureInTheTimelineAndTheNotification() {
    parallelRunEnds(
        Verdict.fail("throughput below -5% stable", 90, "-5% stable (= 95 with stable at 100)", 1440)
            .withFigures(List.of(THROUGHPUT_BREACHED, LATENCY_HELD)));
    MigrationWorkflow workflow = harness.start(TestPlans.parallelRunPlan("side-by-side-fail", SEED_003));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary())
        .contains("parallel run 1d breached throughput below -5% stable: measured 90, limit -5% stable (= 95 with"
            + " stable at 100)");
    assertThat(harness.calls.after("observe parallel run 1d"))
        .containsExactly("restore Deployment default/web-green", "restore ConfigMap default/web-config");
    MigrationStatus status = workflow.status();
    assertThat(timeline(status, "figure"))
        .containsExactly(
            "throughput below -5% stable: canary 90, stable 100, limit 95: breached (1440 samples)",
            "latency_p95 above +10% stable: canary 0.21, stable 0.2, limit 0.22: held (1440 samples)");
    assertThat(status.verdicts()).last().satisfies(v -> {
      assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
      assertThat(v.figures()).containsExactly(THROUGHPUT_BREACHED, LATENCY_HELD);
    });
    assertThat(notification("breach").fields())
        .containsEntry("trigger", "throughput below -5% stable")
        .containsEntry("value", "90")
        .containsEntry("threshold", "-5% stable (= 95 with stable at 100)")
        .containsEntry("figure 1", THROUGHPUT_BREACHED.describe())
        .containsEntry("figure 2", LATENCY_HELD.describe());
    assertThat(harness.notify.events()).doesNotContain("compared").contains("rolled-back");
  }

  @Test
  void anInconclusiveComparisonWaitsForAPersonInsteadOfPromoting() {
    Figure noStableData =
        new Figure(
            "throughput below -5% stable", 97.0, null, null, Figure.Outcome.NO_DATA, 1440,
            "no data from the stable side in the window");
    parallelRunEnds(
        Verdict.inconclusive(
                "throughput below -5% stable",
                "cannot compare throughput below -5% stable: no data from the stable side in the window",
                1440)
            .withFigures(List.of(noStableData)));
    MigrationWorkflow workflow = harness.start(TestPlans.parallelRunPlan("side-by-side-unsure", SEED_003));

    MigrationStatus waiting = harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    assertThat(waiting.pending().kind()).isEqualTo("inconclusive");
    assertThat(waiting.pending().message()).contains("no data from the stable side in the window");
    assertThat(harness.calls.all()).noneMatch(c -> c.startsWith("setSelector"));
    assertThat(timeline(waiting, "figure"))
        .containsExactly(
            "throughput below -5% stable: canary 97: no data (1440 samples) — no data from the stable side in"
                + " the window");

    workflow.approve(new Decision("alice", "stable side was scaled down on purpose"));

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void watchesOnlyTheTriggersOfTheListedMetricsButSamplesEveryComparedOne() {
    parallelRunEnds(Verdict.pass(60));
    Step.ParallelRun latencyOnly =
        new Step.ParallelRun(PlanDuration.parse("1h"), null, List.of("latency_p95"), List.of(THROUGHPUT), null);

    MigrationWorkflow workflow = harness.start(TestPlans.parallelRunPlan("side-by-side-scoped", latencyOnly));
    harness.result(workflow);

    assertThat(observed.get().triggers()).isEmpty();
    assertThat(observed.get().metrics()).containsOnlyKeys("throughput");
    assertThat(observed.get().intervalMillis()).isEqualTo(60_000);
    assertThat(timeline(workflow.status(), "parallel-run"))
        .singleElement()
        .asString()
        .contains("the new version on the share earlier steps gave it");
  }

  @Test
  void aParallelRunHistoryReplays() throws Exception {
    parallelRunEnds(Verdict.pass(1440).withFigures(List.of(THROUGHPUT_HELD, LATENCY_HELD)));
    MigrationWorkflow workflow = harness.start(TestPlans.parallelRunPlan("side-by-side-replay", SEED_003));
    harness.result(workflow);

    WorkflowExecutionHistory history =
        harness.client.fetchHistory(WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId());

    WorkflowReplayer.replayWorkflowExecution(history, MigrationWorkflowImpl.class);
  }
}
