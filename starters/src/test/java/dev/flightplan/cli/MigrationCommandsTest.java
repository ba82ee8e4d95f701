package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands that talk to Temporal, against the SDK's in-process server and a stand-in migration
 * workflow.
 */
class MigrationCommandsTest {

  private InProcessTemporal temporal;
  private CliContext context;
  private String namespace;

  @BeforeEach
  void startServer() {
    temporal = new InProcessTemporal();
    namespace = temporal.env.getNamespace();
    context =
        new CliContext(
            Map.of("USER", "tester"),
            temporal.access(),
            new TestPlans.Source()
                .valid("checkout.yaml", TestPlans.approvalPlan("checkout", "alice", "bob"))
                .valid("search.yaml", TestPlans.approvalPlan("search", "alice")),
            Clock.systemUTC(),
            Duration.ofSeconds(1));
  }

  @AfterEach
  void stopServer() {
    temporal.close();
  }

  private CliRun.Result run(String... args) {
    return CliRun.run(context, args);
  }

  private void started(String file) {
    assertThat(run("start", file).exitCode()).isZero();
  }

  @Test
  void startNamesTheMigrationItsRunAndHowToFollowIt() {
    CliRun.Result result = run("start", "checkout.yaml");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("started migration checkout (run ID ")
        .endsWith(") in namespace " + namespace + ": follow it with `flightplan watch checkout`\n");
  }

  @Test
  void startAsJsonGivesTheWorkflowAndRunForScripts() throws Exception {
    CliRun.Result result = run("start", "checkout.yaml", "--output", "json");

    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("kind").asText()).isEqualTo("migration");
    assertThat(json.get("name").asText()).isEqualTo("checkout");
    assertThat(json.get("workflowId").asText()).isEqualTo("checkout");
    assertThat(json.get("namespace").asText()).isEqualTo(namespace);
    // the run the refusal of a second start names is the one the JSON gave
    assertThat(run("start", "checkout.yaml").err())
        .contains("already running (run ID " + json.get("runId").asText() + ")");
  }

  @Test
  void aSecondStartWhileTheMigrationRunsIsRefusedWithItsRunId() {
    CliRun.Result first = run("start", "checkout.yaml");
    String runId = first.out().replaceAll("(?s).*run ID ([^)]+)\\).*", "$1");

    CliRun.Result second = run("start", "checkout.yaml");

    assertThat(second.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(second.err())
        .isEqualTo(
            "migration checkout is already running (run ID "
                + runId
                + "): watch it with `flightplan watch checkout`\n");
  }

  @Test
  void aMigrationThatEndedCanBeStartedAgain() {
    started("checkout.yaml");
    assertThat(run("approve", "checkout", "--by", "alice").exitCode()).isZero();

    assertThat(run("start", "checkout.yaml").exitCode()).isZero();
    assertThat(run("status", "checkout").out()).contains("WAITING_APPROVAL");
  }

  @Test
  void statusOfAnUnknownMigrationExitsThreeAndPointsAtList() {
    CliRun.Result result = run("status", "nope");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.err())
        .isEqualTo(
            "no migration named nope in namespace "
                + namespace
                + ": `flightplan list` shows the running ones\n");
  }

  @Test
  void aSignalToAnUnknownMigrationExitsThree() {
    CliRun.Result result = run("approve", "nope", "--by", "alice");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.err()).startsWith("no migration named nope in namespace " + namespace);
  }

  @Test
  void anApprovalFromAnApproverIsConfirmedAsAccepted() {
    started("checkout.yaml");

    CliRun.Result result =
        run("approve", "checkout", "--by", "alice", "--reason", "dashboards are green");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo(
            "checkout accepted approve from alice: approval 1 of 1 (now COMPLETED, phase"
                + " cutover)\n");
  }

  @Test
  void anApprovalFromSomeoneElseIsReportedAsRefusedWithTheReason() {
    started("checkout.yaml");

    CliRun.Result result = run("approve", "checkout", "--by", "mallory");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.out())
        .isEqualTo(
            "checkout refused approve from mallory: approve: mallory is not an approver"
                + " (now WAITING_APPROVAL, phase cutover)\n");
  }

  @Test
  void signalOutcomesAsJsonSayAcceptedOrRefusedWithTheSameExitCodes() throws Exception {
    started("checkout.yaml");

    CliRun.Result refused = run("approve", "checkout", "--by", "mallory", "--output", "json");
    CliRun.Result accepted = run("approve", "checkout", "--by", "alice", "-o", "json");

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
    JsonNode no = new ObjectMapper().readTree(refused.out());
    assertThat(no.get("name").asText()).isEqualTo("checkout");
    assertThat(no.get("signal").asText()).isEqualTo("approve");
    assertThat(no.get("by").asText()).isEqualTo("mallory");
    assertThat(no.get("outcome").asText()).isEqualTo("refused");
    assertThat(no.get("detail").asText()).isEqualTo("approve: mallory is not an approver");
    assertThat(no.get("state").asText()).isEqualTo("WAITING_APPROVAL");
    assertThat(accepted.exitCode()).isZero();
    JsonNode yes = new ObjectMapper().readTree(accepted.out());
    assertThat(yes.get("outcome").asText()).isEqualTo("accepted");
    assertThat(yes.get("detail").asText()).isEqualTo("approval 1 of 1");
    assertThat(yes.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(yes.get("where").asText()).isEqualTo("phase cutover");
  }

  @Test
  void theSenderDefaultsToTheUser() {
    started("checkout.yaml");

    CliRun.Result result = run("resume", "checkout");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.out()).startsWith("checkout refused resume from tester: resume: not paused");
  }

  @Test
  void anOlderRefusalFromTheSamePersonIsNotMistakenForTheAnswer() {
    started("checkout.yaml");
    run("resume", "checkout", "--by", "alice");

    CliRun.Result result = run("approve", "checkout", "--by", "alice");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("checkout accepted approve from alice");
  }

  @Test
  void aSignalTheMigrationNeverRecordsIsReportedAsUnconfirmed() {
    started("checkout.yaml");

    CliRun.Result result = run("pause", "checkout", "--by", "alice", "--confirm-timeout", "600ms");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.out())
        .isEqualTo(
            "sent pause from alice to checkout, but it has not recorded it within 600ms"
                + " (state WAITING_APPROVAL): check `flightplan status checkout`\n");
  }

  @Test
  void anUnconfirmedSignalAsJsonSaysSoWithTheSameExitCode() throws Exception {
    started("checkout.yaml");

    CliRun.Result result =
        run("pause", "checkout", "--by", "alice", "--confirm-timeout", "600ms", "--output", "json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("signal").asText()).isEqualTo("pause");
    assertThat(json.get("outcome").asText()).isEqualTo("unconfirmed");
    assertThat(json.get("detail").asText()).isEqualTo("not recorded within 600ms");
    assertThat(json.get("state").asText()).isEqualTo("WAITING_APPROVAL");
  }

  @Test
  void aSignalToAnEndedMigrationIsRefusedSayingHowItEnded() {
    started("checkout.yaml");
    run("reject", "checkout", "--by", "bob", "--reason", "latency");

    CliRun.Result result = run("approve", "checkout", "--by", "alice");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(result.err())
        .isEqualTo(
            "migration checkout has ended (ROLLED_BACK): it takes no approve;"
                + " `flightplan status checkout` shows how it ended\n");
  }

  @Test
  void statusShowsStateStepPendingApprovalAndTimeline() {
    started("checkout.yaml");

    CliRun.Result result = run("status", "checkout");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .contains("migration checkout  WAITING_APPROVAL")
        .contains("  phase     cutover, step 1/1: approval")
        .contains("  waiting   approval: \"Switch traffic?\"")
        .contains("            needs 1 more approval (1 required) from alice, bob")
        .contains("  next      approve or reject");
    assertThat(result.out()).contains("started", "plan checkout  [tester]");
  }

  @Test
  void statusAsJsonCarriesTheWholeStatusForScripts() throws Exception {
    started("checkout.yaml");

    CliRun.Result result = run("status", "checkout", "--output", "json");

    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("migration").asText()).isEqualTo("checkout");
    assertThat(json.get("state").asText()).isEqualTo("WAITING_APPROVAL");
    assertThat(json.get("pending").get("allowed")).hasSize(2);
    assertThat(json.get("timeline").get(0).get("kind").asText()).isEqualTo("started");
  }

  @Test
  void listShowsRunningAndEndedMigrationsWithTheirState() {
    started("checkout.yaml");
    started("search.yaml");
    run("approve", "search", "--by", "alice");

    CliRun.Result result = run("list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(3);
    assertThat(result.outLines().get(0))
        .startsWith("MIGRATION")
        .contains("STATE", "PHASE", "WEIGHT");
    assertThat(result.outLines().get(1))
        .startsWith("checkout")
        .contains("WAITING_APPROVAL", "cutover", "1/1", "0%");
    assertThat(result.outLines().get(2)).startsWith("search").contains("COMPLETED");
  }

  @Test
  void listAsJsonGivesOneObjectPerMigration() throws Exception {
    started("checkout.yaml");

    JsonNode json = new ObjectMapper().readTree(run("list", "-o", "json").out());

    assertThat(json).hasSize(1);
    assertThat(json.get(0).get("migration").asText()).isEqualTo("checkout");
    assertThat(json.get(0).get("state").asText()).isEqualTo("WAITING_APPROVAL");
    assertThat(json.get(0).get("closed").isNull()).isTrue();
  }

  @Test
  void listWithNothingRunningSaysSo() {
    CliRun.Result result = run("list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .isEqualTo("no migrations running or recently ended in namespace " + namespace + "\n");
  }

  @Test
  void watchExitsZeroWhenTheMigrationCompleted() {
    started("checkout.yaml");
    run("approve", "checkout", "--by", "alice");

    CliRun.Result result = run("watch", "checkout");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("COMPLETED");
  }

  @Test
  void watchExitsOneWhenTheMigrationRolledBack() {
    started("checkout.yaml");
    run("reject", "checkout", "--by", "bob");

    CliRun.Result result = run("watch", "checkout");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.out()).contains("ROLLED_BACK");
  }

  @Test
  void watchFollowsTheMigrationUntilItEnds() throws Exception {
    started("checkout.yaml");
    Thread approver = new Thread(() -> CliRun.run(context, "approve", "checkout", "--by", "alice"));

    approver.start();
    CliRun.Result result = run("watch", "checkout", "--interval", "100ms");
    approver.join();

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("COMPLETED");
  }

  @Test
  void statusWithoutAWorkerSaysNobodyAnsweredAndExitsOne() {
    assertThat(run("start", "checkout.yaml", "--task-queue", "unpolled").exitCode()).isZero();

    CliRun.Result result = run("status", "checkout");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err())
        .isEqualTo(
            "migration checkout did not answer the status query within 1s: is a worker running?"
                + " (`flightplan worker`)\n");
  }

  @Test
  void listWithoutAWorkerShowsWhatTheSearchAttributesRecorded() {
    assertThat(run("start", "checkout.yaml", "--task-queue", "unpolled").exitCode()).isZero();

    CliRun.Result result = run("list");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(3);
    assertThat(result.outLines().get(1))
        .startsWith("checkout")
        .contains("RUNNING?", "cutover", "0%");
    assertThat(result.outLines().get(2)).startsWith("?: no worker answered the status query");
  }

  @Test
  void aSignalNobodyAnswersIsReportedAsUnconfirmedForWantOfAWorker() {
    assertThat(run("start", "checkout.yaml", "--task-queue", "unpolled").exitCode()).isZero();

    CliRun.Result result =
        run("approve", "checkout", "--by", "alice", "--confirm-timeout", "600ms");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.out())
        .isEqualTo(
            "sent approve from alice to checkout, but it has not recorded it within 600ms (no"
                + " worker answered the status query: is `flightplan worker` running?): check"
                + " `flightplan status checkout`\n");
  }

  @Test
  void setupRegistersTheSearchAttributesAndCanRunAgain() {
    CliRun.Result result = run("setup");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("already registered: FlightplanState, FlightplanPhase");
  }
}
