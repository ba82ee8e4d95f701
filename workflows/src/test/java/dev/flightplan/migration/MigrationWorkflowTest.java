package dev.flightplan.migration;

import static dev.flightplan.testing.TestPlans.blueGreenWithCanary;
import static dev.flightplan.testing.TestPlans.canary;
import static dev.flightplan.testing.TestPlans.configMap;
import static dev.flightplan.testing.TestPlans.deployment;
import static dev.flightplan.testing.TestPlans.phase;
import static dev.flightplan.testing.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.OnTimeout;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.RouterSpec;
import dev.flightplan.plan.Step;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigrationWorkflowTest {

  private MigrationHarness harness;

  @BeforeEach
  void setUp() {
    harness = new MigrationHarness();
    TestPlans.seedCluster(harness.cluster);
  }

  @AfterEach
  void tearDown() {
    harness.close();
  }

  @Test
  void happyPathRunsEveryStepInOrderAndCompletes() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-happy"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
    workflow.approve(new Decision("alice", "looks good"));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.calls.all())
        .filteredOn(c -> !c.startsWith("get "))
        .containsExactly(
            "preflight",
            "apply ConfigMap default/web-config",
            "apply Deployment default/web-green",
            "awaitRollout web-green",
            "currentWeight web-green",
            "setWeight web-green 10",
            "observe canary at 10%",
            "setWeight web-green 50",
            "observe canary at 50%",
            "setWeight web-green 100",
            "observe canary at 100%",
            "setSelector web {app=web, version=green}",
            "delete Deployment default/web-blue");
    assertThat(harness.cluster.object("Deployment", "web-blue")).isNull();
    assertThat(harness.traffic.weightOf("web-green")).isEqualTo(100);
    MigrationStatus status = workflow.status();
    assertThat(status.weight()).isEqualTo(100);
    assertThat(status.pastPointOfNoReturn()).isTrue();
    assertThat(status.timeline()).extracting(TimelineEntry::kind).contains("started", "approval", "completed");
    assertThat(harness.notify.events()).contains("started", "approval-needed", "approval-decided", "completed");
    var sent = harness.notify.all();
    int request = sent.stream().map(n -> n.event()).toList().indexOf("approval-needed");
    var decided = sent.stream().filter(n -> n.event().equals("approval-decided")).findFirst().orElseThrow();
    assertThat(decided.replaces()).isEqualTo("message-" + (request + 1));
    assertThat(sent.get(request).fields()).containsEntry("needed", "1").containsKey("deadlineMillis");
    assertThat(sent.subList(1, sent.size())).allSatisfy(n -> assertThat(n.thread()).isEqualTo("thread-1"));
  }

  @Test
  void rollsBackInExactReverseOrderWhenCanaryBreachesErrorRate() {
    harness.metrics.verdicts(
        request ->
            request.label().equals("canary at 50%")
                ? Verdict.fail("error_rate above 0.05", 0.12, "0.05", 4)
                : Verdict.pass(5));
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-breach"));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("error_rate above 0.05").contains("0.12");
    assertThat(harness.calls.after("observe canary at 50%"))
        .containsExactly(
            "restoreWeight web-green 0",
            "restore Deployment default/web-green",
            "restore ConfigMap default/web-config");
    // The undo receives exactly what the cluster held before each change.
    assertThat(harness.cluster.restoredSnapshots())
        .containsExactly(null, configMap("web-config", "baseline"));
    assertThat(harness.cluster.object("ConfigMap", "web-config")).isEqualTo(configMap("web-config", "baseline"));
    assertThat(harness.cluster.object("Deployment", "web-green")).isNull();
    assertThat(harness.traffic.weightOf("web-green")).isZero();
    MigrationStatus status = workflow.status();
    assertThat(status.undoStack()).isEmpty();
    assertThat(status.verdicts()).extracting(Verdict::outcome).contains(Verdict.Outcome.FAIL);
    assertThat(harness.notify.events()).contains("breach", "rolling-back", "rolled-back");
  }

  @Test
  void rollsBackWhenAnActivityFails() {
    harness.cluster.failTimes("setSelector", 1);
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-activity-failure"));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("step 5 switch failed").contains("simulated failure of setSelector");
    assertThat(harness.calls.after("setSelector web {app=web, version=green} (failed)"))
        .containsExactly(
            "setSelector web {app=web, version=blue}",
            "restoreWeight web-green 0",
            "restore Deployment default/web-green",
            "restore ConfigMap default/web-config");
  }

  @Test
  void rejectionRollsBackAndRecordsWhoRejected() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-reject"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.reject(new Decision("bob", "latency looks off"));
    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("rejected by bob: latency looks off");
    assertThat(harness.calls.after("observe canary at 100%"))
        .containsSubsequence(
            "setSelector web {app=web, version=green}",
            "setSelector web {app=web, version=blue}",
            "restoreWeight web-green 0",
            "restore Deployment default/web-green",
            "restore ConfigMap default/web-config");
    assertThat(harness.calls.all()).contains("setSelector web {app=web, version=blue}");
  }

  @Test
  void approvalTimeoutRollsBackWhenThePlanSaysSo() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-timeout"));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("approval timed out after 3d");
    assertThat(harness.cluster.object("Deployment", "web-blue")).isNotNull();
  }

  @Test
  void approvalTimeoutProceedsWhenThePlanSaysSo() {
    MigrationPlan plan =
        plan(
            "web-timeout-proceed",
            List.of("alice"),
            phase(
                "only",
                new Step.Approval("go?", 1, PlanDuration.parse("1h"), OnTimeout.PROCEED, null),
                new Step.Scale("web-blue", 2, null)));
    MigrationWorkflow workflow = harness.start(plan);

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.calls.all()).contains("scale web-blue 2");
  }

  @Test
  void abortDuringASevenDayObservationWindowRollsBackWithinSeconds() {
    MigrationPlan plan =
        plan(
            "web-abort",
            List.of("alice"),
            phase(
                "rollout",
                new Step.Deploy(List.of(deployment("web-green", "web:2.0", 2)), null),
                canary(10, 100),
                new Step.Observe(PlanDuration.parse("7d"), PlanDuration.parse("1m"), null)));
    harness.metrics.blockOn("observe 7d");
    MigrationWorkflow workflow = harness.start(plan);
    harness.awaitStatus(workflow, s -> s.stepNumber() == 3 && harness.calls.all().contains("observe observe 7d"));

    long sent = System.nanoTime();
    workflow.abort(new Decision("carol", "customer incident"));
    MigrationResult result = harness.result(workflow);
    long seconds = (System.nanoTime() - sent) / 1_000_000_000L;

    assertThat(result.state()).isEqualTo(MigrationState.ABORTED);
    assertThat(result.summary()).contains("aborted by carol: customer incident");
    assertThat(harness.calls.startingWith("restore"))
        .containsExactly("restoreWeight web-green 0", "restore Deployment default/web-green");
    assertThat(harness.traffic.weightOf("web-green")).isZero();
    System.out.println("FIGURE abort-during-7d-window-to-rolled-back seconds=" + seconds);
  }

  @Test
  void abortedWindowIsCancelledRatherThanLeftRunning() {
    MigrationPlan plan =
        plan("web-abort-cancel", List.of(), phase("watch", new Step.Observe(PlanDuration.parse("7d"), null, null)));
    harness.metrics.blockOn("observe 7d");
    MigrationWorkflow workflow = harness.start(plan);
    harness.awaitStatus(workflow, s -> harness.calls.all().contains("observe observe 7d"));

    workflow.abort(Decision.by("carol"));

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.ABORTED);
    org.awaitility.Awaitility.await().until(harness.metrics::wasCancelled);
  }

  @Test
  void pauseHoldsBeforeTheNextStepAndResumeContinues() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-pause"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
    workflow.pause(Decision.by("alice"));
    workflow.approve(Decision.by("alice"));

    MigrationStatus paused = harness.awaitState(workflow, MigrationState.PAUSED);
    assertThat(paused.step()).isEqualTo("decommission");
    assertThat(harness.calls.all()).doesNotContain("delete Deployment default/web-blue");
    assertThat(paused.nextAction()).contains("flightplan resume web-pause");

    workflow.resume(Decision.by("alice"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.calls.all()).contains("delete Deployment default/web-blue");
  }

  @Test
  void irreversibleStepFailureWaitsForAPersonAndRetrySucceeds() {
    harness.cluster.failTimes("delete Deployment default/web-blue", 1);
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-retry"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
    workflow.approve(Decision.by("alice"));

    MigrationStatus attention = harness.awaitState(workflow, MigrationState.NEEDS_ATTENTION);
    assertThat(attention.pending().kind()).isEqualTo("attention");
    assertThat(attention.pending().message()).contains("simulated failure of delete");
    assertThat(harness.calls.startingWith("restore")).isEmpty();

    workflow.retry(Decision.by("alice"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.cluster.object("Deployment", "web-blue")).isNull();
  }

  @Test
  void irreversibleStepFailureCanBeSkipped() {
    harness.cluster.failOn("delete Deployment default/web-blue");
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-skip"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
    workflow.approve(Decision.by("alice"));
    harness.awaitState(workflow, MigrationState.NEEDS_ATTENTION);

    workflow.skip(new Decision("alice", "will delete by hand"));

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(workflow.status().timeline()).extracting(TimelineEntry::kind).contains("skip", "skipped");
    assertThat(harness.calls.startingWith("restore")).isEmpty();
  }

  @Test
  void abortPastThePointOfNoReturnUndoesNothing() {
    harness.cluster.failOn("delete Deployment default/web-blue");
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-forward-only"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
    workflow.approve(Decision.by("alice"));
    harness.awaitState(workflow, MigrationState.NEEDS_ATTENTION);

    workflow.abort(Decision.by("alice"));

    MigrationResult result = harness.result(workflow);
    assertThat(result.state()).isEqualTo(MigrationState.ABORTED);
    assertThat(result.summary()).contains("nothing was undone");
    assertThat(harness.calls.startingWith("restore")).isEmpty();
  }

  @Test
  void approvalFromSomeoneNotInApproversIsRefusedAndRecorded() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-unauthorized"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.approve(Decision.by("mallory"));
    MigrationStatus status =
        harness.awaitStatus(workflow, s -> s.timeline().stream().anyMatch(e -> e.kind().equals("refused")));

    assertThat(status.state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    assertThat(status.pending().approvedBy()).isEmpty();
    assertThat(status.timeline())
        .filteredOn(e -> e.kind().equals("refused"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.by()).isEqualTo("mallory");
              assertThat(e.text()).contains("mallory is not an approver").contains("alice, bob, group:sre");
            });
  }

  @Test
  void memberOfAnApproverGroupMayApprove() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-group"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.approve(new Decision("dave", null, List.of("sre")));

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void minApprovalsOfTwoNeedsTwoDifferentPeople() {
    MigrationPlan plan =
        plan(
            "web-two-approvals",
            List.of("alice", "bob"),
            phase("gate", new Step.Approval("ship it?", 2, null, null, null), new Step.Scale("web-blue", 3, null)));
    MigrationWorkflow workflow = harness.start(plan);
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.approve(Decision.by("alice"));
    workflow.approve(Decision.by("alice"));
    MigrationStatus status =
        harness.awaitStatus(workflow, s -> s.timeline().stream().anyMatch(e -> e.kind().equals("refused")));
    assertThat(status.state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    assertThat(status.pending().approvedBy()).containsExactly("alice");
    assertThat(status.pending().stillNeeded()).isEqualTo(1);
    assertThat(status.timeline()).anyMatch(e -> e.text().contains("alice already approved"));

    workflow.approve(Decision.by("bob"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.calls.all()).contains("scale web-blue 3");
  }

  @Test
  void aPartialApprovalUpdatesTheRequestWithWhoApprovedAndWhatIsStillNeeded() {
    MigrationPlan plan =
        plan(
            "web-approval-progress",
            List.of("alice", "bob", "carol"),
            phase("gate", new Step.Approval("ship it?", 3, null, null, null), new Step.Scale("web-blue", 3, null)));
    MigrationWorkflow workflow = harness.start(plan);
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.approve(Decision.by("alice"));
    harness.awaitStatus(workflow, s -> harness.notify.events().contains("approval-progress"));
    workflow.approve(Decision.by("bob"));
    workflow.approve(Decision.by("carol"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);

    List<String> events = harness.notify.events();
    int request = events.indexOf("approval-needed");
    String requestMessage = "message-" + (request + 1);
    var sent = harness.notify.all();
    var progress = sent.stream().filter(n -> n.event().equals("approval-progress")).toList();
    assertThat(progress).isNotEmpty().allSatisfy(n -> assertThat(n.replaces()).isEqualTo(requestMessage));
    var first = progress.get(0);
    assertThat(first.fields())
        .containsEntry("needed", "2")
        .containsEntry("request", "web-approval-progress: ship it?")
        .containsEntry("approvers", "alice, bob, carol");
    assertThat(first.fields().get("approvedBy")).matches("alice at \\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(first.text()).isEqualTo("web-approval-progress: approved by alice (1/3), 2 more approval(s) needed");
    // the decision replaces the request last: no progress update can land after it
    int decided = events.indexOf("approval-decided");
    assertThat(events.lastIndexOf("approval-progress")).isLessThan(decided);
    assertThat(sent.get(decided).replaces()).isEqualTo(requestMessage);
    assertThat(events.stream().filter(e -> e.equals("approval-decided"))).hasSize(1);
  }

  @Test
  void aSingleApprovalSendsNoProgressUpdate() {
    MigrationPlan plan =
        plan("web-one-approval", List.of("alice"), phase("gate", new Step.Approval("go?", 1, null, null, null)));
    MigrationWorkflow workflow = harness.start(plan);
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.approve(Decision.by("alice"));

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(harness.notify.events()).contains("approval-needed", "approval-decided").doesNotContain("approval-progress");
  }

  @Test
  void preflightSamplesEveryMetricOnceAndNotesThoseWithoutDataYet() {
    harness.metrics.probes(
        request ->
            new MetricsActivities.ProbeResult(
                List.of(), List.of("health: http://web-green/health cannot be reached (connection refused)")));
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-probed"));
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    assertThat(harness.metrics.probed())
        .singleElement()
        .satisfies(
            probe -> {
              assertThat(probe.metrics()).containsOnlyKeys("error_rate", "health");
              assertThat(probe.namespace()).isEqualTo("default");
            });
    assertThat(workflow.status().timeline())
        .filteredOn(e -> e.kind().equals("preflight"))
        .singleElement()
        .extracting(TimelineEntry::text)
        .asString()
        .contains(", probed 2 metric(s) (no data yet, fine before the canary runs: health: http://web-green/health"
            + " cannot be reached (connection refused))");
  }

  @Test
  void preflightStopsOnAQueryTheMetricProviderRejectsBeforeChangingAnything() {
    String rejected =
        "Prometheus at http://prometheus:9090 rejected the query for error_rate (HTTP 400): 1:14: parse error:"
            + " unclosed left parenthesis [query: sum(rate(errors[1m])]";
    harness.metrics.probes(request -> new MetricsActivities.ProbeResult(List.of(rejected), List.of()));
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-bad-query"));

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).isEqualTo("stopped before any change: preflight found 1 problem(s): " + rejected);
    assertThat(harness.calls.all()).noneMatch(call -> call.startsWith("apply") || call.startsWith("setWeight"));
    assertThat(harness.cluster.object("Deployment", "web-green")).isNull();
    assertThat(harness.traffic.weightOf("web-green")).isZero();
  }

  @Test
  void preflightReadsAWebhookRoutersWeightsAndStopsWhenTheGatewayRefuses() {
    RouterSpec webhook =
        RouterSpec.of(new RouterSpec.WebhookRouter("https://gateway.internal/weights/web", "gateway-key", null));
    MigrationPlan plan =
        plan(
            "web-gateway",
            List.of("alice"),
            phase(
                "shift",
                new Step.Preflight(),
                new Step.Canary(
                    "web-blue",
                    "web-green",
                    webhook,
                    List.of(50, 100),
                    new Step.ObserveSettings(PlanDuration.parse("5m"), PlanDuration.parse("1m"), null))));
    harness.traffic.refuseReads("gateway answered 401: signature does not match");
    MigrationWorkflow workflow = harness.start(plan);

    MigrationResult result = harness.result(workflow);

    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary())
        .contains(
            "preflight found 1 problem(s): the webhook router at https://gateway.internal/weights/web: gateway"
                + " answered 401: signature does not match");
    assertThat(harness.calls.all()).contains("currentWeight web-green").noneMatch(c -> c.startsWith("setWeight"));
  }

  @Test
  void signalsThatDoNotApplyNowAreRefusedWithTheCurrentState() {
    MigrationPlan plan =
        plan("web-refusals", List.of("alice"), phase("gate", new Step.Approval("go?", 1, null, null, null)));
    MigrationWorkflow workflow = harness.start(plan);
    harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);

    workflow.resume(Decision.by("alice"));
    workflow.retry(Decision.by("alice"));
    workflow.approve(new Decision(null, null));
    MigrationStatus status =
        harness.awaitStatus(
            workflow, s -> s.timeline().stream().filter(e -> e.kind().equals("refused")).count() == 3);

    assertThat(status.timeline())
        .filteredOn(e -> e.kind().equals("refused"))
        .extracting(TimelineEntry::text)
        .containsExactly(
            "resume refused: the migration is not paused (state WAITING_APPROVAL)",
            "retry refused: retry applies only when the migration needs attention; it is WAITING_APPROVAL",
            "approve refused: approve needs a name: send {\"by\": \"you\"}");
    workflow.approve(Decision.by("alice"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void inconclusiveAnalysisWaitsForAPersonInsteadOfPromoting() {
    harness.metrics.verdicts(
        request ->
            request.label().equals("canary at 10%")
                ? Verdict.inconclusive("error_rate above 0.05", "no data for error_rate 3 times in a row", 3)
                : Verdict.pass(3));
    MigrationPlan plan =
        plan(
            "web-inconclusive",
            List.of("alice"),
            phase("rollout", new Step.Deploy(List.of(deployment("web-green", "web:2.0", 2)), null), canary(10, 100)));
    MigrationWorkflow workflow = harness.start(plan);

    MigrationStatus waiting = harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
    assertThat(waiting.pending().kind()).isEqualTo("inconclusive");
    assertThat(waiting.pending().message()).contains("no data for error_rate");
    assertThat(waiting.weight()).isEqualTo(10);
    assertThat(harness.calls.all()).doesNotContain("setWeight web-green 100");

    workflow.approve(Decision.by("alice"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
  }

  @Test
  void failedUndoWaitsForAPersonAndSkipFinishesTheRollback() {
    harness.cluster.failTimes("restore Deployment default/web-green", 1);
    harness.metrics.verdicts(request -> Verdict.fail("error_rate above 0.05", 0.3, "0.05", 1));
    MigrationPlan plan =
        plan(
            "web-undo-fails",
            List.of("alice"),
            phase(
                "rollout",
                new Step.Apply(List.of(configMap("web-config", "optimized"))),
                new Step.Deploy(List.of(deployment("web-green", "web:2.0", 2)), null),
                canary(10, 100)));
    MigrationWorkflow workflow = harness.start(plan);

    MigrationStatus attention = harness.awaitState(workflow, MigrationState.NEEDS_ATTENTION);
    assertThat(attention.pending().message()).contains("undo failed: delete Deployment default/web-green");
    workflow.skip(Decision.by("alice"));

    MigrationResult result = harness.result(workflow);
    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(harness.calls.all()).endsWith("restore ConfigMap default/web-config");
    assertThat(workflow.status().timeline()).anyMatch(e -> e.text().startsWith("undo skipped: delete Deployment"));
  }

  @Test
  void scaleSetImageAndJobUndoRestoreWhatTheForwardCallsSaw() {
    harness.metrics.verdicts(request -> Verdict.fail("error_rate above 0.05", 0.3, "0.05", 1));
    MigrationPlan plan =
        plan(
            "web-undo-values",
            List.of(),
            phase(
                "changes",
                new Step.Job("backup", Map.of("kind", "Job"), null, Map.of("kind", "Job"), null),
                new Step.Scale("web-blue", 6, null),
                new Step.SetImage("web-blue", null, "web:1.1", null),
                new Step.Observe(PlanDuration.parse("10m"), null, null)));
    MigrationWorkflow workflow = harness.start(plan);

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(harness.calls.after("observe observe 10m"))
        .containsExactly("setImage web-blue web:1.0", "scale web-blue 4", "runJob backup-undo");
  }

  @Test
  void secondStartWithTheSameNameWhileOneRunsIsRefused() {
    MigrationWorkflow first = harness.start(blueGreenWithCanary("web-once"));
    harness.awaitState(first, MigrationState.WAITING_APPROVAL);

    MigrationWorkflow second =
        harness.client.newWorkflowStub(
            MigrationWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId("web-once").setTaskQueue(MigrationWorkflow.TASK_QUEUE).build());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> WorkflowClient.start(second::run, new MigrationInput(blueGreenWithCanary("web-once"), "tester")))
        .isInstanceOf(WorkflowExecutionAlreadyStarted.class);
  }

  @Test
  void preflightProblemsFailBeforeAnythingChanges() {
    MigrationPlan plan =
        plan(
            "web-preflight",
            List.of(),
            phase("prep", new Step.Preflight(), new Step.Switch("missing-svc", Map.of("version", "green"))));
    MigrationWorkflow workflow = harness.start(plan);

    MigrationResult result = harness.result(workflow);
    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("Service default/missing-svc not found");
    assertThat(harness.calls.all()).doesNotContain("setSelector missing-svc {version=green}");
  }
}
