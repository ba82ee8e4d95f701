package dev.flightplan.metrics.real;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.analysis.Reading;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.TimelineEntry;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A canary judged with real PromQL by a real Prometheus scraping a service whose error ratio the test raises
 * mid-window: the breach is detected, named with its value and limit, and every undo puts traffic back on stable.
 * Needs Debian's {@code prometheus} binary: skipped (loudly) without it, failed without it under {@code CI=true}.
 */
class RealPrometheusIT {
  private static final String MISSING =
      "RealPrometheusIT needs the 'prometheus' binary on the PATH or named by -Dflightplan.prometheus (Debian"
          + " package prometheus; .ci/run installs it)";
  private static RealPrometheusRig rig;

  @BeforeAll
  static void startPrometheus() throws Exception {
    if (PrometheusServer.binary().isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(MISSING + ": it is missing under CI=true");
      }
      System.err.println("\n!!!!! SKIPPED: " + MISSING + " !!!!!\n");
      return;
    }
    rig = RealPrometheusRig.start();
  }

  @AfterAll
  static void stopPrometheus() {
    if (rig != null) {
      rig.close();
    }
  }

  /** Each test starts from a healthy canary, whatever the one before did. */
  @BeforeEach
  void healthyCanary() {
    Assumptions.assumeTrue(rig != null, "SKIPPED: " + MISSING);
    rig.service.errorRatio(ServiceUnderTest.CANARY, 0);
    rig.awaitErrorRatioBelow(ServiceUnderTest.CANARY, 0.001, Duration.ofSeconds(15));
  }

  /** The rig lives for the whole class: each test looks at the calls its own migration made. */
  private static List<String> callsAfterTheLast(String call) {
    List<String> calls = rig.calls.all();
    int last = calls.lastIndexOf(call);
    assertThat(last).as("a call %s in %s", call, calls).isNotNegative();
    return calls.subList(last + 1, calls.size());
  }

  @Test
  void prometheusAnswersTheGateQueriesForBothVersions() {
    Reading stable = rig.errorRatio(ServiceUnderTest.STABLE);
    Reading canary = rig.errorRatio(ServiceUnderTest.CANARY);

    assertThat(stable.value()).isZero();
    assertThat(canary.value()).isZero();
  }

  @Test
  void rollsBackWhenTheCanarysErrorRatioRisesMidWindowWithEveryRouterUndoApplied() throws Exception {
    MigrationWorkflow workflow =
        rig.start(rig.canaryPlan("real-prometheus-canary", Duration.ofSeconds(1), Duration.ofSeconds(30)));
    rig.awaitCanaryWeight(50, Duration.ofSeconds(10));
    // A few healthy samples first, so the breach happens mid-window rather than at its first sample.
    Thread.sleep(2_500);
    assertThat(workflow.status().state()).isEqualTo(MigrationState.RUNNING);

    rig.service.errorRatio(ServiceUnderTest.CANARY, 0.5);
    MigrationResult result = rig.result(workflow, Duration.ofSeconds(20));

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("canary at 50% breached error_rate above 0.05: measured ");
    MigrationStatus status = workflow.status();
    Verdict breach = status.verdicts().get(status.verdicts().size() - 1);
    assertThat(breach.outcome()).isEqualTo(Verdict.Outcome.FAIL);
    assertThat(breach.trigger()).isEqualTo("error_rate above 0.05");
    assertThat(breach.value()).isGreaterThan(RealPrometheusRig.ERROR_LIMIT).isLessThanOrEqualTo(0.5);
    assertThat(breach.threshold()).isEqualTo("0.05");
    assertThat(breach.samples()).isGreaterThan(2);
    assertThat(status.timeline())
        .extracting(TimelineEntry::text)
        .anySatisfy(text -> assertThat(text).startsWith("canary at 50%: FAIL — error_rate above 0.05: measured"));
    Notification notification =
        rig.notify.all().stream().filter(n -> n.event().equals("breach")).findFirst().orElseThrow();
    assertThat(notification.fields())
        .containsEntry("trigger", "error_rate above 0.05")
        .containsEntry("threshold", "0.05")
        .containsKey("value");

    assertThat(rig.traffic.weightOf(RealPrometheusRig.CANARY_DEPLOYMENT)).isZero();
    assertThat(callsAfterTheLast("setWeight web-green 50"))
        .containsExactly("restoreWeight web-green 0", "restore ConfigMap default/web-config");
    assertThat(status.undoStack()).isEmpty();
  }

  @Test
  void aQueryPrometheusRejectsFailsTheStepWithPrometheussOwnMessageAndRollsBack() throws Exception {
    String typo = "sum(rate(http_requests_total{version=\"canary\",code=\"500\"}[5s]) / 2";
    MigrationWorkflow workflow =
        rig.start(rig.canaryPlan("real-prometheus-bad-query", Duration.ofSeconds(1), Duration.ofSeconds(30), typo));

    MigrationResult result = rig.result(workflow, Duration.ofSeconds(20));

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary())
        .contains("step 2 canary failed: Prometheus at " + rig.prometheus.url() + " rejected the query for error_rate"
            + " (HTTP 400): ")
        .contains("parse error")
        .contains("[query: " + typo + "]");
    assertThat(callsAfterTheLast("setWeight web-green 50"))
        .containsExactly("restoreWeight web-green 0", "restore ConfigMap default/web-config");
  }

  @Test
  void withAPreflightStepTheQueryPrometheusRejectsStopsTheMigrationBeforeAnyChange() throws Exception {
    String typo = "sum(rate(http_requests_total{version=\"canary\",code=\"500\"}[5s]) / 2";
    MigrationPlan plan =
        preflightFirst(
            rig.canaryPlan("real-prometheus-preflight", Duration.ofSeconds(1), Duration.ofSeconds(30), typo));
    int callsBefore = rig.calls.all().size();

    MigrationResult result = rig.result(rig.start(plan), Duration.ofSeconds(20));

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary())
        .contains(
            "stopped before any change: preflight found 1 problem(s): Prometheus at " + rig.prometheus.url()
                + " rejected the query for error_rate (HTTP 400): ")
        .contains("parse error")
        .contains("[query: " + typo + "]");
    List<String> calls = rig.calls.all();
    assertThat(calls.subList(callsBefore, calls.size()))
        .noneMatch(call -> call.startsWith("apply") || call.startsWith("setWeight") || call.startsWith("observe"));
  }

  /** The plan with a preflight step before everything else. */
  private static MigrationPlan preflightFirst(MigrationPlan plan) {
    List<Phase> phases = new ArrayList<>(plan.spec().phases());
    Phase first = phases.get(0);
    List<Step> steps = new ArrayList<>(first.steps());
    steps.add(0, new Step.Preflight());
    phases.set(0, new Phase(first.name(), steps));
    MigrationSpec spec = plan.spec();
    return new MigrationPlan(
        plan.apiVersion(),
        plan.kind(),
        plan.metadata(),
        new MigrationSpec(
            spec.target(),
            spec.vars(),
            spec.metrics(),
            spec.rollbackWhen(),
            spec.approvers(),
            spec.notifications(),
            phases));
  }
}
