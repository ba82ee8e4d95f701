package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * validate, plan and start with plans the loader found valid or not; none of them may need Temporal
 * to say no.
 */
class PlanCommandsTest {

  private final AtomicBoolean connected = new AtomicBoolean();
  private final TestPlans.Source plans =
      new TestPlans.Source()
          .valid("good.yaml", TestPlans.approvalPlan("checkout", "alice"))
          .with(
              "warned.yaml",
              new CheckedPlan(
                  TestPlans.approvalPlan("checkout", "alice"),
                  List.of(),
                  List.of(
                      new CheckedPlan.Problem(
                          "spec.phases[0].steps[0]",
                          "decommission is not preceded by an approval",
                          null))))
          .with(
              "bad.yaml",
              new CheckedPlan(
                  null,
                  List.of(
                      new CheckedPlan.Problem(
                          "spec.phases[1].steps[0].canary.weights",
                          "must end at 100",
                          "add 100 as the last weight"),
                      new CheckedPlan.Problem(
                          "spec.phases[0].steps[2]",
                          "unknown step 'deploi'",
                          "did you mean 'deploy'?")),
                  List.of()));

  private CliRun.Result run(String... args) {
    TemporalAccess noServerNeeded =
        settings -> {
          connected.set(true);
          throw new CliFailure(ExitCodes.UNREACHABLE, "no server in this test");
        };
    return CliRun.run(new CliContext(Map.of(), noServerNeeded, plans, Clock.systemUTC()), args);
  }

  @Test
  void validateSaysHowBigAValidPlanIs() {
    CliRun.Result result = run("validate", "good.yaml");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("plan checkout is valid: 1 phases, 1 steps\n");
    assertThat(result.err()).isEmpty();
    assertThat(connected).isFalse();
  }

  @Test
  void validatePrintsWarningsOfAValidPlan() {
    CliRun.Result result = run("validate", "warned.yaml");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err())
        .isEqualTo(
            "warning: spec.phases[0].steps[0]: decommission is not preceded by an approval\n");
  }

  @Test
  void validatePrintsEveryErrorWithItsPathAndHintAndExitsTwo() {
    CliRun.Result result = run("validate", "bad.yaml");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.errLines())
        .containsExactly(
            "bad.yaml: 2 errors:",
            "  spec.phases[1].steps[0].canary.weights: must end at 100 (add 100 as the last"
                + " weight)",
            "  spec.phases[0].steps[2]: unknown step 'deploi' (did you mean 'deploy'?)");
  }

  @Test
  void validateAsJsonReportsValidityAndEveryProblem() throws Exception {
    CliRun.Result result = run("validate", "bad.yaml", "--output", "json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("errors")).hasSize(2);
    assertThat(json.get("errors").get(0).get("path").asText())
        .isEqualTo("spec.phases[1].steps[0].canary.weights");
    assertThat(json.get("errors").get(0).get("hint").asText())
        .isEqualTo("add 100 as the last weight");
  }

  @Test
  void aMissingPlanFileExitsTwoNamingIt() {
    CliRun.Result result = run("validate", "missing.yaml");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).isEqualTo("no plan file missing.yaml\n");
  }

  @Test
  void planPrintsTheStepsAndTheirUndoWithoutConnecting() {
    CliRun.Result result = run("plan", "good.yaml");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            "plan checkout: 1 phases, 1 steps",
            "phase cutover",
            "  1. approval \"Switch traffic?\"  undo: nothing to undo");
    assertThat(connected).isFalse();
  }

  @Test
  void planOfAnInvalidPlanPrintsTheErrorsAndExitsTwo() {
    CliRun.Result result = run("plan", "bad.yaml");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("must end at 100");
  }

  @Test
  void startOfAnInvalidPlanStartsNothing() {
    CliRun.Result result = run("start", "bad.yaml");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.errLines()).hasSize(4).last().isEqualTo("nothing was started");
    assertThat(connected).isFalse();
  }
}
