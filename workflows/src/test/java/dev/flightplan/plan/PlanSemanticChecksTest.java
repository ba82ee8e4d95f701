package dev.flightplan.plan;

import static dev.flightplan.plan.TestPlans.load;
import static dev.flightplan.plan.TestPlans.replacing;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Plans shaped right that still break a rule: each yields the rule's path, message and hint. */
class PlanSemanticChecksTest {
  private static final String CANARY = "spec.phases[1].steps[1].canary";
  private static final String APPROVAL = "spec.phases[1].steps[2].approval";

  private static void assertSingleError(String plan, String path, String message, String hint) {
    LoadResult result = load(plan);
    assertThat(result.plan()).isNull();
    assertThat(result.errors()).containsExactly(new PlanProblem(path, message, hint));
  }

  private static String withNotify(String notify) {
    return replacing("  approvers: [alice, bob]\n", "  approvers: [alice, bob]\n  notify: " + notify + "\n");
  }

  private static void assertSingleWarning(String plan, String path, String message, String hint) {
    LoadResult result = load(plan);
    assertThat(result.errors()).isEmpty();
    assertThat(result.plan()).isNotNull();
    assertThat(result.warnings()).containsExactly(new PlanProblem(path, message, hint));
  }

  @Test
  void rejectsANameThatCannotBeAWorkflowId() {
    assertSingleError(
        replacing("name: checkout\n", "name: Checkout_Service\n"),
        "metadata.name",
        "'Checkout_Service' is not a valid migration name",
        "use lowercase letters, digits, '-' and '.', at most 63 characters: the name becomes the workflow id");
  }

  @Test
  void rejectsANameLongerThan63Characters() {
    String longName = "a".repeat(64);

    LoadResult result = load(replacing("name: checkout\n", "name: " + longName + "\n"));

    assertThat(result.errors()).extracting(PlanProblem::path).containsExactly("metadata.name");
  }

  @Test
  void needsAtLeastOnePhase() {
    String plan = TestPlans.VALID.substring(0, TestPlans.VALID.indexOf("  phases:")) + "  phases: []\n";

    assertSingleError(plan, "spec.phases", "a plan needs at least one phase", null);
  }

  @Test
  void needsAtLeastOneStepPerPhase() {
    assertSingleError(
        replacing(
            "- name: prepare\n      steps:\n",
            "- name: empty\n      steps: []\n    - name: prepare\n      steps:\n"),
        "spec.phases[0].steps",
        "phase 'empty' has no steps",
        null);
  }

  @Test
  void needsUniquePhaseNames() {
    assertSingleError(
        replacing("- name: shift", "- name: prepare"),
        "spec.phases[1].name",
        "duplicate phase name 'prepare'",
        "phase names must be unique; first used at spec.phases[0]");
  }

  @Test
  void needsWeightsEndingAt100() {
    assertSingleError(
        replacing("weights: [10, 50, 100]", "weights: [10, 50, 90]"),
        CANARY + ".weights",
        "must end at 100",
        "the last weight sends all traffic to the canary");
  }

  @Test
  void needsStrictlyIncreasingWeights() {
    assertSingleError(
        replacing("weights: [10, 50, 100]", "weights: [10, 50, 50, 100]"),
        CANARY + ".weights[2]",
        "weights must increase: 50 follows 50",
        "list each weight once, smallest first");
  }

  @Test
  void needsWeightsFrom1To100() {
    assertSingleError(
        replacing("weights: [10, 50, 100]", "weights: [0, 50, 100]"),
        CANARY + ".weights[0]",
        "weight 0 is out of range",
        "each weight is from 1 to 100");
  }

  @Test
  void needsAtLeastOneWeight() {
    assertSingleError(
        replacing("weights: [10, 50, 100]", "weights: []"),
        CANARY + ".weights",
        "must list at least one weight",
        "e.g. weights: [10, 25, 50, 100]");
  }

  @Test
  void refusesPartialWeightsThroughTheServiceRouter() {
    assertSingleError(
        replacing(
            "router: { replicas: {} }",
            "router: { service: { service: checkout, canarySelector: { track: canary } } }"),
        CANARY + ".weights",
        "the service router switches all traffic at once: weights must be [100]",
        "a selector flip has no partial weights; for gradual shifts use the replicas router or a mesh router");
  }

  @Test
  void acceptsTheServiceRouterWithASingleFlip() {
    LoadResult result =
        load(
            replacing(
                    "router: { replicas: {} }",
                    "router: { service: { service: checkout, canarySelector: { track: canary } } }")
                .replace("weights: [10, 50, 100]", "weights: [100]"));

    assertThat(result.errors()).isEmpty();
  }

  @Test
  void suggestsTheClosestMetricForAnUnknownTriggerMetric() {
    assertSingleError(
        replacing("{ metric: error_rate, above: 0.05 }", "{ metric: error_rates, above: 0.05 }"),
        "spec.rollbackWhen[0].metric",
        "unknown metric 'error_rates'",
        "did you mean 'error_rate'? defined metrics: error_rate, latency_p95, health");
  }

  @Test
  void checksMetricReferencesOfObserveAnalysisAndBaselineSteps() {
    String plan =
        replacing("metrics: [latency_p95] }", "metrics: [latency_p95, cpu] }")
            .replace(
                "- decommission:",
                "- observe: { duration: 1h, metrics: [helth] }\n        - analysis: { metrics: [memory] }\n"
                    + "        - decommission:");

    LoadResult result = load(plan);

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "spec.phases[0].steps[1].baseline.metrics[1]",
                "unknown metric 'cpu'",
                "defined metrics: error_rate, latency_p95, health"),
            new PlanProblem(
                "spec.phases[1].steps[3].observe.metrics[0]",
                "unknown metric 'helth'",
                "did you mean 'health'? defined metrics: error_rate, latency_p95, health"),
            new PlanProblem(
                "spec.phases[1].steps[4].analysis.metrics[0]",
                "unknown metric 'memory'",
                "defined metrics: error_rate, latency_p95, health"));
  }

  @Test
  void needsFailuresOfAtLeastOne() {
    assertSingleError(
        replacing("failures: 3", "failures: 0"), "spec.rollbackWhen[2].failures", "must be at least 1", null);
  }

  @Test
  void needsABaselineBeforeAThresholdRelativeToIt() {
    assertSingleError(
        replacing("        - baseline: { window: 10m, metrics: [latency_p95] }\n", ""),
        "spec.rollbackWhen[1].above",
        "'2x baseline' needs a baseline of latency_p95 before spec.phases[1].steps[1] (canary) checks it",
        "add a baseline step measuring latency_p95 earlier in the plan");
  }

  @Test
  void needsTheBaselineToMeasureThatMetric() {
    LoadResult result = load(replacing("metrics: [latency_p95] }", "metrics: [error_rate] }"));

    assertThat(result.errors()).extracting(PlanProblem::path).containsExactly("spec.rollbackWhen[1].above");
  }

  @Test
  void needsTheBaselineEarlierNotLater() {
    String plan =
        replacing("        - baseline: { window: 10m, metrics: [latency_p95] }\n", "")
            .replace("- decommission:", "- baseline: { window: 10m }\n        - decommission:");

    assertSingleError(
        plan,
        "spec.rollbackWhen[1].above",
        "'2x baseline' needs a baseline of latency_p95 before spec.phases[1].steps[1] (canary) checks it",
        "add a baseline step measuring latency_p95 earlier in the plan");
  }

  @Test
  void rejectsAStableRelativeThresholdOnAMetricWithoutAStableSide() {
    assertSingleError(
        replacing("{ metric: error_rate, above: 0.05 }", "{ metric: error_rate, above: +10% stable }"),
        "spec.rollbackWhen[0].above",
        "'+10% stable' compares with the stable side, but metric error_rate does not say how to measure it",
        "add stable: { prometheus: { query: ... } } to spec.metrics.error_rate: the same query for the stable"
            + " version's pods");
  }

  @Test
  void acceptsAStableRelativeThresholdInAnyWindowWhenTheMetricMeasuresItsStableSide() {
    LoadResult result =
        load(
            replacing("{ metric: error_rate, above: 0.05 }", "{ metric: error_rate, above: +10% stable }")
                .replace(
                    "error_rate: { prometheus: { query: 'sum(rate(errors{app=\"${app}\"}[1m]))' } }",
                    "error_rate:\n"
                        + "      prometheus: { query: 'sum(rate(errors{app=\"${app}-v2\"}[1m]))' }\n"
                        + "      stable: { prometheus: { query: 'sum(rate(errors{app=\"${app}\"}[1m]))' } }")
                .replace("- decommission:", "- observe: { duration: 1h }\n        - decommission:"));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.plan().spec().metrics().get("error_rate").stableSide().prometheus().query())
        .isEqualTo("sum(rate(errors{app=\"checkout\"}[1m]))");
  }

  @Test
  void needsMinApprovalsOfAtLeastOne() {
    assertSingleError(
        replacing("minApprovals: 2", "minApprovals: 0"), APPROVAL + ".minApprovals", "must be at least 1", null);
  }

  @Test
  void refusesMoreApprovalsThanListedPeople() {
    assertSingleError(
        replacing("minApprovals: 2", "minApprovals: 3"),
        APPROVAL + ".minApprovals",
        "needs 3 approvals but only 2 approvers are listed (alice, bob)",
        "list more approvers, add a group: entry, or lower minApprovals");
  }

  @Test
  void countsTheStepsOwnApproversFirst() {
    assertSingleError(
        replacing("minApprovals: 2 }", "minApprovals: 2, approvers: [carol] }"),
        APPROVAL + ".minApprovals",
        "needs 2 approvals but only 1 approver is listed (carol)",
        "list more approvers, add a group: entry, or lower minApprovals");
  }

  @Test
  void letsAGroupSupplyAnyNumberOfApprovals() {
    LoadResult result =
        load(replacing("minApprovals: 2", "minApprovals: 5").replace("[alice, bob]", "[alice, group:sre]"));

    assertThat(result.errors()).isEmpty();
  }

  @Test
  void warnsThatAnyoneMayApproveWhenNoApproversAreListed() {
    assertSingleWarning(
        replacing("  approvers: [alice, bob]\n", "").replace("minApprovals: 2", "minApprovals: 1"),
        APPROVAL,
        "no approvers are listed anywhere: anyone may approve",
        "list approvers in spec.approvers or on the step");
  }

  @Test
  void refusesAnObserveIntervalLongerThanTheWindow() {
    assertSingleError(
        replacing("observe: { each: 10m, interval: 1m }", "observe: { each: 10m, interval: 20m }"),
        CANARY + ".observe.interval",
        "interval 20m is longer than the window 10m",
        "sample at least once per window");
  }

  @Test
  void refusesAnObserveStepIntervalLongerThanItsDuration() {
    assertSingleError(
        replacing("- decommission:", "- observe: { duration: 5m, interval: 1h }\n        - decommission:"),
        "spec.phases[1].steps[3].observe.interval",
        "interval 1h is longer than the window 5m",
        "sample at least once per window");
  }

  @Test
  void warnsOfAnIrreversibleStepWithNoApprovalBeforeIt() {
    assertSingleWarning(
        replacing("        - approval: { message: 'Remove v1?', minApprovals: 2 }\n", ""),
        "spec.phases[1].steps[2].decommission",
        "decommission is irreversible and no approval step comes before it",
        "add an approval step before the point of no return");
  }

  @Test
  void warnsOfAnIrreversibleJobWithNoApprovalBeforeIt() {
    assertSingleWarning(
        replacing(
            "- preflight: {}",
            "- job: { name: cutover-data, irreversible: true, template: { apiVersion: batch/v1, kind: Job } }"),
        "spec.phases[0].steps[0].job",
        "job 'cutover-data' is irreversible and no approval step comes before it",
        "add an approval step before the point of no return");
  }

  @Test
  void needsASecretRefForAWebhook() {
    assertSingleError(
        withNotify("{ webhook: { url: 'https://hooks.example/x' } }"),
        "spec.notify.webhook.secretRef",
        "missing: a webhook must name the Secret holding its signing key",
        "set secretRef to a Kubernetes Secret's name; never put a secret in a plan: workflow history is readable"
            + " by anyone with Temporal access");
  }

  @Test
  void refusesALiteralSecretInSecretRef() {
    assertSingleError(
        withNotify("{ webhook: { url: 'https://hooks.example/x', secretRef: 'sk_live_9f8A7b' } }"),
        "spec.notify.webhook.secretRef",
        "'sk_l…' is not a Secret name",
        "secretRef names a Kubernetes Secret (lowercase letters, digits, '-', '.'); never the secret itself");
  }

  @Test
  void refusesACredentialInTheWebhookUrl() {
    assertSingleError(
        withNotify("{ webhook: { url: 'https://hooks.example/x?token=abc', secretRef: hook-key } }"),
        "spec.notify.webhook.url",
        "the URL embeds a credential (query parameter 'token')",
        "keep secrets out of plans: put it in the Secret named by secretRef");
  }

  @Test
  void needsManifestsWithApiVersionKindAndName() {
    java.util.Map<String, String> files = TestPlans.files();
    files.put("k8s/canary.yaml", "apiVersion: apps/v1\nmetadata: { labels: { app: x } }\n");

    LoadResult result = load(TestPlans.VALID, files);

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "spec.phases[1].steps[0].deploy.manifests[0]",
                "manifest has no kind, no metadata.name (in k8s/canary.yaml)",
                "every manifest needs apiVersion, kind and metadata.name"));
  }

  @Test
  void needsAJobTemplateOfKindJob() {
    java.util.Map<String, String> files = TestPlans.files();
    files.put("k8s/job.yaml", "apiVersion: v1\nkind: Pod\nmetadata: { name: dump }\n");

    LoadResult result =
        load(replacing("- preflight: {}", "- job: { name: dump, template: k8s/job.yaml }"), files);

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(
                "spec.phases[0].steps[0].job.template.kind",
                "a job template must be kind Job, found Pod (in k8s/job.yaml)",
                "write a batch/v1 Job manifest"));
  }

  @Test
  void needsAnUndoJobOfKindJobToo() {
    String plan =
        replacing(
            "- preflight: {}",
            "- job: { name: backup, template: { apiVersion: batch/v1, kind: Job },"
                + " undo: { apiVersion: batch/v1, kind: CronJob } }");

    assertSingleError(
        plan,
        "spec.phases[0].steps[0].job.undo.kind",
        "a job template must be kind Job, found CronJob",
        "write a batch/v1 Job manifest");
  }

  @Test
  void warnsOfAManifestForAnotherNamespace() {
    java.util.Map<String, String> files = TestPlans.files();
    files.put(
        "k8s/canary.yaml",
        TestPlans.CANARY_DEPLOYMENT.replace("  name: ${app}-v2\n", "  name: ${app}-v2\n  namespace: staging\n"));

    LoadResult result = load(TestPlans.VALID, files);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings())
        .containsExactly(
            new PlanProblem(
                "spec.phases[1].steps[0].deploy.manifests[0].metadata.namespace",
                "manifest names namespace 'staging' but the plan targets 'shop' (in k8s/canary.yaml)",
                "drop metadata.namespace to use the plan's namespace"));
  }

  @Test
  void warnsOfAnAnalysisMetricNoTriggerWatches() {
    assertSingleWarning(
        replacing("{ metric: health, failures: 3 }", "{ metric: error_rate, below: 0 }")
            .replace("- decommission:", "- analysis: { metrics: [health], count: 3 }\n        - decommission:"),
        "spec.phases[1].steps[3].analysis.metrics[0]",
        "no trigger in spec.rollbackWhen uses 'health': this analysis cannot fail on it",
        "add e.g. { metric: health, above: ... } to spec.rollbackWhen");
  }

  @Test
  void refusesAnAnalysisThatCouldNeverFail() {
    assertSingleError(
        replacing(
            "- decommission:",
            "- analysis: { metrics: [health], count: 2, failureLimit: 3 }\n        - decommission:"),
        "spec.phases[1].steps[3].analysis.failureLimit",
        "failureLimit 3 is more than count 2: the analysis could never fail",
        null);
  }

  @Test
  void reportsEverySemanticErrorAtOnce() {
    String plan =
        replacing("name: checkout\n", "name: Checkout\n")
            .replace("weights: [10, 50, 100]", "weights: [50, 10]")
            .replace("minApprovals: 2", "minApprovals: 9")
            .replace("failures: 3", "failures: 0");

    LoadResult result = load(plan);

    assertThat(result.errors())
        .extracting(PlanProblem::path)
        .containsExactly(
            "metadata.name",
            "spec.rollbackWhen[2].failures",
            CANARY + ".weights[1]",
            CANARY + ".weights",
            APPROVAL + ".minApprovals");
  }
}
