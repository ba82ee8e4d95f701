package dev.flightplan.plan;

import static dev.flightplan.plan.TestPlans.load;
import static dev.flightplan.plan.TestPlans.replacing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plans that are not YAML, not shaped like a plan, or refer to files and variables that do not exist. */
class PlanLoaderBadInputTest {
  private static final String CANARY = "spec.phases[1].steps[1].canary";
  private static final String HEADER = "apiVersion: flightplan/v1\nkind: Migration\nmetadata: {name: x}\n";

  private static LoadResult assertSingleError(LoadResult result, String path, String message, String hint) {
    assertThat(result.ok()).isFalse();
    assertThat(result.plan()).isNull();
    assertThat(result.errors()).containsExactly(new PlanProblem(path, message, hint));
    return result;
  }

  @Test
  void reportsAYamlSyntaxErrorWithLineAndColumn() {
    LoadResult result = load(replacing("  name: checkout\n", "  name: checkout\n    labels: x\n"));

    assertSingleError(
        result,
        "",
        "YAML syntax error at line 5, column 11: mapping values are not allowed here",
        "check indentation and quoting near that line");
  }

  @Test
  void reportsAnUnclosedFlowListWithWhereItStarted() {
    LoadResult result = load(replacing("weights: [10, 50, 100]", "weights: [10, 50, 100"));

    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).message())
        .isEqualTo(
            "YAML syntax error at line 30, column 20: expected ',' or ']', but got :"
                + " (while parsing a flow sequence started at line 29, column 22)");
  }

  @Test
  void rejectsADuplicateKey() {
    LoadResult result = load(replacing("weights: [10, 50, 100]", "weights: [10, 50, 100]\n            weights: [100]"));

    assertSingleError(
        result,
        "",
        "YAML syntax error at line 30, column 20: duplicate key 'weights'",
        "check indentation and quoting near that line");
  }

  @Test
  void refusesYamlAliasesRatherThanReadingThemAsText() {
    String plan =
        replacing("observe: { each: 10m, interval: 1m }", "observe: &watch { each: 10m, interval: 1m }")
            .replace(
                "- decommission:",
                "- canary: { stable: a, canary: b, router: { replicas: {} }, weights: [100], observe: *watch }\n"
                    + "        - decommission:");

    assertSingleError(
        load(plan),
        "",
        "YAML alias *watch at line 32, column 94 is not supported",
        "write the value out in full, or use a ${var} for repeated text");
  }

  @Test
  void rejectsAnEmptyPlan() {
    assertSingleError(
        load("# nothing here\n"), "", "the plan is empty", "a plan starts with apiVersion: flightplan/v1");
  }

  @Test
  void rejectsADocumentThatIsNotAnObject() {
    assertSingleError(
        load("- just\n- a list\n"),
        "",
        "a plan is an object with apiVersion, kind, metadata and spec, found a list",
        null);
  }

  @Test
  void rejectsAnUnsupportedApiVersion() {
    assertSingleError(
        load(replacing("apiVersion: flightplan/v1", "apiVersion: flightplan/v2")),
        "apiVersion",
        "unsupported apiVersion 'flightplan/v2'",
        "this Flightplan reads apiVersion: flightplan/v1");
  }

  @Test
  void sendsFleetPlansToTheFleetLoader() {
    assertSingleError(
        load(replacing("kind: Migration", "kind: Fleet")),
        "kind",
        "fleet plans are loaded with FleetLoader",
        "run it as a fleet, not a migration: the flightplan CLI reads both kinds");
  }

  @Test
  void rejectsAnUnknownKind() {
    assertSingleError(
        load(replacing("kind: Migration", "kind: Rollout")),
        "kind",
        "unknown kind 'Rollout'",
        "kind is Migration or Fleet");
  }

  @Test
  void suggestsTheClosestFieldForAnUnknownOne() {
    assertSingleError(
        load(replacing("observe: { each: 10m", "obsreve: { each: 10m")),
        CANARY + ".obsreve",
        "unknown field 'obsreve'",
        "did you mean 'observe'?");
  }

  @Test
  void listsTheValidFieldsWhenNoneIsClose() {
    assertSingleError(
        load(replacing("observe: { each: 10m, interval: 1m }", "observe: { each: 10m, colour: red }")),
        CANARY + ".observe.colour",
        "unknown field 'colour'",
        "valid fields here: each, interval, metrics");
  }

  @Test
  void suggestsTheYamlNameOfARenamedField() {
    assertSingleError(
        load(
            replacing(
                "approvers: [alice, bob]",
                "approvers: [alice, bob]\n  notifications: { slack: { channel: '#x' } }")),
        "spec.notifications",
        "unknown field 'notifications'",
        "did you mean 'notify'?");
  }

  @Test
  void reportsShapeAndRuleErrorsInOneRun() {
    LoadResult result =
        load(
            replacing("observe: { each: 10m", "obsreve: { each: 10m")
                .replace("weights: [10, 50, 100]", "weights: [10, 50, 90]")
                .replace("- name: shift", "- name: prepare"));

    assertThat(result.plan()).isNull();
    assertThat(result.errors())
        .containsExactlyInAnyOrder(
            new PlanProblem(CANARY + ".obsreve", "unknown field 'obsreve'", "did you mean 'observe'?"),
            new PlanProblem(CANARY + ".weights", "must end at 100", "the last weight sends all traffic to the canary"),
            new PlanProblem(
                "spec.phases[1].name",
                "duplicate phase name 'prepare'",
                "phase names must be unique; first used at spec.phases[0]"));
  }

  @Test
  void doesNotReportARuleErrorCausedByAFieldCutOutForItsShape() {
    // the bad provider block makes metric 'health' unusable; references to it are not reported as unknown
    LoadResult result =
        load(
            replacing(
                    "health: { http: { url: 'http://${app}.shop/health' } }",
                    "health: { http: { url: 'http://${app}.shop/health' }, prometheus: { query: up } }")
                .replace("weights: [10, 50, 100]", "weights: [10, 50, 90]"));

    assertThat(result.errors())
        .containsExactlyInAnyOrder(
            new PlanProblem(
                "spec.metrics.health",
                "more than one metric provider set: prometheus, http",
                "set exactly one of: prometheus, http, kubernetes"),
            new PlanProblem(CANARY + ".weights", "must end at 100", "the last weight sends all traffic to the canary"));
  }

  @Test
  void leavesRuleErrorsForTheNextRunWhenARequiredFieldIsMissing() {
    // without 'stable' the canary cannot be checked as a whole; its rules wait until the field is there
    LoadResult result =
        load(
            replacing("            stable: checkout\n", "")
                .replace("weights: [10, 50, 100]", "weights: [10, 50, 90]"));

    assertSingleError(
        result, CANARY + ".stable", "missing required field", "canary requires stable, canary, router, weights");
  }

  @Test
  void reportsAMissingRequiredField() {
    assertSingleError(
        load(replacing("            stable: checkout\n", "")),
        CANARY + ".stable",
        "missing required field",
        "canary requires stable, canary, router, weights");
  }

  @Test
  void reportsAMissingRequiredFieldOfAListEntryByItsType() {
    assertSingleError(
        load(replacing("- name: prepare\n", "- steps-before: 1\n").replace("steps-before: 1\n      steps:", "steps:")),
        "spec.phases[0].name",
        "missing required field",
        "phase requires name, steps");
  }

  @Test
  void expectsAList() {
    assertSingleError(
        load(replacing("weights: [10, 50, 100]", "weights: 100")),
        CANARY + ".weights",
        "expected a list, found a number (100)",
        null);
  }

  @Test
  void expectsAnObject() {
    assertSingleError(
        load(replacing("router: { replicas: {} }", "router: replicas")),
        CANARY + ".router",
        "expected an object, found a string ('replicas')",
        null);
  }

  @Test
  void expectsAWholeNumber() {
    assertSingleError(
        load(replacing("minApprovals: 2", "minApprovals: two")),
        "spec.phases[1].steps[2].approval.minApprovals",
        "expected a whole number, found a string ('two')",
        null);
  }

  @Test
  void acceptsAQuotedWholeNumberButNotOneTooLarge() {
    assertThat(load(replacing("minApprovals: 2", "minApprovals: '2'")).errors()).isEmpty();
    assertSingleError(
        load(replacing("minApprovals: 2", "minApprovals: '99999999999'")),
        "spec.phases[1].steps[2].approval.minApprovals",
        "expected a whole number, found a string ('99999999999')",
        null);
  }

  @Test
  void expectsAString() {
    assertSingleError(
        load(replacing("stable: checkout", "stable: [checkout, checkout-v1]")),
        CANARY + ".stable",
        "expected a string, found a list",
        null);
  }

  @Test
  void expectsAListElementOfTheRightType() {
    assertSingleError(
        load(replacing("weights: [10, 50, 100]", "weights: [10, half, 100]")),
        CANARY + ".weights[1]",
        "expected a whole number, found a string ('half')",
        null);
  }

  @Test
  void suggestsTheClosestStepKind() {
    assertSingleError(
        load(replacing("- canary:\n", "- canery:\n")),
        "spec.phases[1].steps[1].canery",
        "unknown step 'canery'",
        "did you mean 'canary'?");
  }

  @Test
  void listsTheStepKindsWhenNoneIsClose() {
    assertSingleError(
        load(replacing("- preflight: {}", "- pray: {}")),
        "spec.phases[0].steps[0].pray",
        "unknown step 'pray'",
        "step kinds: " + String.join(", ", Step.kinds()));
  }

  @Test
  void rejectsAStepWithTwoKinds() {
    assertSingleError(
        load(replacing("- preflight: {}", "- { preflight: {}, observe: { duration: 1m } }")),
        "spec.phases[0].steps[0]",
        "a step has exactly one key naming its kind, found preflight, observe",
        "put each step in its own list item");
  }

  @Test
  void showsHowToWriteAStepGivenAsABareWord() {
    assertSingleError(
        load(replacing("- preflight: {}", "- preflight")),
        "spec.phases[0].steps[0]",
        "expected a step, found a string ('preflight')",
        "write '- preflight: {}'");
  }

  @Test
  void rejectsFieldsOnAStepThatTakesNone() {
    assertSingleError(
        load(replacing("- preflight: {}", "- preflight: { verbose: true }")),
        "spec.phases[0].steps[0].preflight.verbose",
        "unknown field 'verbose'",
        "preflight takes no fields: write preflight: {}");
  }

  @Test
  void requiresARouter() {
    assertSingleError(
        load(replacing("router: { replicas: {} }", "router: {}")),
        CANARY + ".router",
        "no router set",
        "set exactly one of: service, replicas, openshiftRoute, istio, gatewayApi, nginx, argoRollout, webhook");
  }

  @Test
  void rejectsTwoRouters() {
    assertSingleError(
        load(
            replacing(
                "router: { replicas: {} }",
                "router: { replicas: {}, service: { service: checkout, canarySelector: { track: canary } } }")),
        CANARY + ".router",
        "more than one router set: service, replicas",
        "set exactly one of: service, replicas, openshiftRoute, istio, gatewayApi, nginx, argoRollout, webhook");
  }

  @Test
  void requiresExactlyOneMetricProvider() {
    LoadResult result =
        load(
            replacing(
                "health: { http: { url: 'http://${app}.shop/health' } }",
                "health: { http: { url: 'http://${app}.shop/health' }, prometheus: { query: up } }"));

    assertSingleError(
        result, "spec.metrics.health", "more than one metric provider set: prometheus, http",
        "set exactly one of: prometheus, http, kubernetes");
  }

  @Test
  void requiresExactlyOneTriggerCondition() {
    assertSingleError(
        load(replacing("{ metric: error_rate, above: 0.05 }", "{ metric: error_rate, above: 0.05, below: 0.01 }")),
        "spec.rollbackWhen[0]",
        "more than one condition set: above, below",
        "set exactly one of: above, below, failures");
  }

  @Test
  void reportsADurationWithTheParsersMessage() {
    assertSingleError(
        load(replacing("each: 10m", "each: 10 minutes")),
        CANARY + ".observe.each",
        "'10 minutes' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 30s, 10m, 24h, 3d",
        null);
  }

  @Test
  void rejectsAZeroDuration() {
    assertSingleError(
        load(replacing("ready: 5m", "ready: 0s")),
        "spec.phases[1].steps[0].deploy.ready",
        "must be longer than 0",
        "write e.g. 30s, 10m, 24h or 3d");
  }

  @Test
  void reportsAThresholdWithTheParsersMessage() {
    assertSingleError(
        load(replacing("above: 2x baseline", "above: twice baseline")),
        "spec.rollbackWhen[1].above",
        "'twice baseline' is not a threshold: write a number (0.05), a factor (2x baseline, 0.5x stable)"
            + " or a change (+10% baseline, -5% stable)",
        null);
  }

  @Test
  void reportsAnOnTimeoutWithTheParsersMessage() {
    assertSingleError(
        load(replacing("minApprovals: 2 }", "minApprovals: 2, timeout: 1h, onTimeout: shrug }")),
        "spec.phases[1].steps[2].approval.onTimeout",
        "'shrug' is not one of rollback, proceed, abort",
        null);
  }

  @Test
  void reportsAMissingFileAtTheReferenceNamingTheFile() {
    assertSingleError(
        load(replacing("k8s/canary.yaml", "k8s/canry.yaml")),
        "spec.phases[1].steps[0].deploy.manifests[0]",
        "cannot read k8s/canry.yaml: no such file",
        "file paths are relative to the plan file");
  }

  @Test
  void explainsAnIoFailureOfTheResolver() {
    FileResolver failing =
        path -> {
          throw new UncheckedIOException(new NoSuchFileException("/plans/" + path));
        };

    LoadResult result = new PlanLoader(failing).load(TestPlans.VALID);

    assertSingleError(
        result,
        "spec.phases[1].steps[0].deploy.manifests[0]",
        "cannot read k8s/canary.yaml: no such file",
        "file paths are relative to the plan file");
  }

  @Test
  void reportsAReferencedFileThatIsNotYaml() {
    Map<String, String> files = TestPlans.files();
    files.put("k8s/canary.yaml", "kind: Deployment\n  name: x: y\n");

    assertSingleError(
        load(TestPlans.VALID, files),
        "spec.phases[1].steps[0].deploy.manifests[0]",
        "k8s/canary.yaml: YAML syntax error at line 2, column 7: mapping values are not allowed here",
        "check indentation and quoting near that line");
  }

  @Test
  void reportsAJobTemplateFileHoldingSeveralDocuments() {
    Map<String, String> files = TestPlans.files();
    files.put("k8s/job.yaml", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: a}\n---\nkind: Job\n");

    assertSingleError(
        load(replacing("- preflight: {}", "- job: { name: migrate, template: k8s/job.yaml }"), files),
        "spec.phases[0].steps[0].job.template",
        "k8s/job.yaml must hold exactly one Job, found 2 documents",
        null);
  }

  @Test
  void reportsAnUnknownVariableListingTheKnownOnes() {
    assertSingleError(
        load(replacing("p95{app=\"${app}\"}", "p95{app=\"${ap}\"}")),
        "spec.metrics.latency_p95.prometheus.query",
        "unknown variable ${ap}",
        "did you mean ${app}? known variables: app, name, namespace");
  }

  @Test
  void reportsAnUnknownVariableInsideAReferencedFile() {
    Map<String, String> files = TestPlans.files();
    files.put("k8s/canary.yaml", TestPlans.CANARY_DEPLOYMENT.replace("name: ${app}-v2", "name: ${application}-v2"));

    assertSingleError(
        load(TestPlans.VALID, files),
        "spec.phases[1].steps[0].deploy.manifests[0].metadata.name",
        "unknown variable ${application} (in k8s/canary.yaml)",
        "known variables: app, name, namespace");
  }

  @Test
  void reportsAnUnclosedVariableReference() {
    assertSingleError(
        load(replacing("p95{app=\"${app}\"}", "p95 ${app")),
        "spec.metrics.latency_p95.prometheus.query",
        "unclosed ${ in 'p95 ${app'",
        "write ${name}, or $${ for a literal ${");
  }

  @Test
  void reportsVariablesThatReferToEachOther() {
    assertSingleError(
        load(replacing("vars: { app: checkout }", "vars: { app: '${b}', b: '${app}' }")),
        "spec.vars.app",
        "variable 'app' refers to itself: app → b → app",
        null);
  }

  @Test
  void refusesToRedefineABuiltInVariable() {
    assertSingleError(
        load(replacing("vars: { app: checkout }", "vars: { app: checkout, namespace: other }")),
        "spec.vars.namespace",
        "'namespace' is a built-in variable and cannot be redefined",
        "pick another name");
  }

  @Test
  void reportsEveryErrorAtOnce() {
    String plan =
        replacing("weights: [10, 50, 100]", "wieghts: [10, 50, 100]")
            .replace("each: 10m", "each: soon")
            .replace("- preflight: {}", "- prefligth: {}")
            .replace("p95{app=\"${app}\"}", "${nope}")
            .replace("k8s/canary.yaml", "k8s/missing.yaml")
            .replace("minApprovals: 2", "minApprovals: [2]");

    LoadResult result = load(plan);

    assertThat(result.plan()).isNull();
    assertThat(result.errors())
        .extracting(PlanProblem::path)
        .containsExactlyInAnyOrder(
            "spec.phases[1].steps[0].deploy.manifests[0]",
            "spec.metrics.latency_p95.prometheus.query",
            "spec.phases[0].steps[0].prefligth",
            CANARY + ".wieghts",
            CANARY + ".weights",
            CANARY + ".observe.each",
            "spec.phases[1].steps[2].approval.minApprovals");
    assertThat(result.errors())
        .filteredOn(p -> p.path().equals(CANARY + ".wieghts"))
        .singleElement()
        .extracting(PlanProblem::hint)
        .isEqualTo("did you mean 'weights'?");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "42",
        "null",
        "~",
        "'just a string'",
        "[1, 2, 3]",
        "{",
        "apiVersion: [flightplan/v1]",
        "kind: { nested: Migration }",
        "apiVersion: flightplan/v1\nkind: Migration",
        "apiVersion: flightplan/v1\nkind: Migration\nmetadata: 7\nspec: []",
        HEADER
            + "spec: {phases: [{name: p, steps: [7, [], {}, null]}]}",
        HEADER
            + "spec: {metrics: {m: null}, rollbackWhen: [null], phases: null}",
        HEADER
            + "spec: {vars: [a], phases: [{name: p, steps: [{apply: {manifests: 3}}]}]}",
        HEADER
            + "spec: {vars: {a: {b: c}}, phases: [{name: p, steps: [{job: {name: j, template: [x]}}]}]}",
        "&a [*a]",
        "\u0000\u0001\u0002",
        "\t- tab"
      })
  void neverThrowsWhateverTheInput(String text) {
    assertThatCode(() -> load(text)).doesNotThrowAnyException();
    LoadResult result = load(text);
    assertThat(result.ok()).isFalse();
    assertThat(result.errors()).isNotEmpty();
    assertThat(result.errors())
        .allSatisfy(
            problem -> {
              assertThat(problem.message()).doesNotContain("Exception").doesNotContain("\tat ");
              assertThat(problem.message()).doesNotContain("could not be loaded");
            });
  }

  @Test
  void neverThrowsWhenTheResolverFailsUnexpectedly() {
    FileResolver broken =
        path -> {
          throw new NullPointerException();
        };

    LoadResult result = new PlanLoader(broken).load(TestPlans.VALID);

    assertSingleError(
        result,
        "spec.phases[1].steps[0].deploy.manifests[0]",
        "cannot read k8s/canary.yaml: NullPointerException",
        "file paths are relative to the plan file");
  }
}
