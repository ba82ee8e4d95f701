package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The commands on fleets, against the SDK's in-process server running the real FleetWorkflow with
 * stand-in migrations that wait for alice's approval. The server does not skip time, and status is
 * polled a few times a second at most: a query that meets a fleet's continue-as-new in flight is
 * kept rare.
 */
class FleetCommandsTest {

  private static final Duration POLL = Duration.ofMillis(300);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

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
                .valid("fleet.yaml", TestPlans.fleetPlan("shop-fleet", "lead"))
                .valid("checkout.yaml", TestPlans.approvalPlan("checkout", "alice")),
            Clock.systemUTC(),
            Duration.ofSeconds(2));
  }

  @AfterEach
  void stopServer() {
    temporal.close();
  }

  private CliRun.Result run(String... args) {
    return CliRun.run(context, args);
  }

  private void started() {
    assertThat(run("start", "fleet.yaml").exitCode()).isZero();
  }

  /** The fleet's status once it satisfies {@code condition}, read through the CLI. */
  private CliRun.Result statusOnce(Predicate<String> condition) {
    CliRun.Result[] last = new CliRun.Result[1];
    await()
        .atMost(PATIENCE)
        .pollInterval(POLL)
        .until(
            () -> {
              last[0] = run("status", "shop-fleet");
              return last[0].exitCode() == 0 && condition.test(last[0].out());
            });
    return last[0];
  }

  private static Predicate<String> row(String system, String state, String weight) {
    return out ->
        out.lines()
            .anyMatch(
                line ->
                    line.matches("\\s+" + system + "\\s+" + state + "\\s+" + weight + "\\s+.*"));
  }

  @Test
  void startNamesTheFleetItsSizeAndHowToFollowIt() {
    CliRun.Result result = run("start", "fleet.yaml");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("started fleet shop-fleet (3 systems in 2 waves, run ID ")
        .endsWith(
            ") in namespace " + namespace + ": follow it with `flightplan status shop-fleet`\n");
  }

  @Test
  void startAsJsonSaysItIsAFleet() throws Exception {
    CliRun.Result result = run("start", "fleet.yaml", "-o", "json");

    assertThat(result.exitCode()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("kind").asText()).isEqualTo("fleet");
    assertThat(json.get("name").asText()).isEqualTo("shop-fleet");
    assertThat(json.get("workflowId").asText()).isEqualTo("shop-fleet");
    assertThat(json.get("runId").asText()).isNotBlank();
    assertThat(json.get("namespace").asText()).isEqualTo(namespace);
  }

  @Test
  void aSecondStartWhileTheFleetRunsIsRefused() {
    started();

    CliRun.Result second = run("start", "fleet.yaml");

    assertThat(second.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(second.err())
        .startsWith("fleet shop-fleet is already running (run ID ")
        .endsWith("): follow it with `flightplan status shop-fleet`\n");
  }

  @Test
  void statusShowsEachWavesSystemsWithTheLiveWeightOfRunningOnes() {
    started();

    CliRun.Result result =
        statusOnce(row("cart", "RUNNING", "25%").and(row("search", "RUNNING", "25%")));

    assertThat(result.outLines())
        .contains(
            "fleet shop-fleet  RUNNING  wave 1/2: first",
            "  systems   0/3 migrated, 2 running, 1 not started",
            "  next      2 migration(s) running in wave 'first'",
            "wave 1/2 first  RUNNING  (maxParallel 2)",
            "wave 2/2 second  PENDING  (maxParallel 1): 1 system to go");
    assertThat(result.out()).contains("  rate      0 systems/day", "success score");
  }

  @Test
  void aFleetRunsWaveByWaveWithItsGateApprovedFromTheCli() {
    started();
    statusOnce(row("cart", "RUNNING", "25%").and(row("search", "RUNNING", "25%")));

    assertThat(run("approve", "shop-fleet/cart", "--by", "alice").exitCode()).isZero();
    assertThat(run("approve", "shop-fleet/search", "--by", "alice").exitCode()).isZero();
    CliRun.Result atGate = statusOnce(out -> out.contains("WAITING_APPROVAL"));

    assertThat(atGate.outLines())
        .contains(
            "  waiting   gate: \"wave 'first' is done: approve to start wave 'second'\"",
            "            approve from lead");
    assertThat(atGate.out()).containsPattern("\\s+cart\\s+COMPLETED\\s+100%");

    CliRun.Result refused = run("approve", "shop-fleet", "--by", "mallory");
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(refused.out())
        .isEqualTo(
            "shop-fleet refused approve from mallory: approve refused: mallory is not an approver"
                + " of this fleet (now WAITING_APPROVAL, wave first)\n");

    CliRun.Result approved = run("approve", "shop-fleet", "--by", "lead", "--reason", "green");
    assertThat(approved.exitCode()).isZero();
    assertThat(approved.out())
        .startsWith(
            "shop-fleet accepted approve from lead: gate after wave 'first' approved: green");

    statusOnce(row("billing", "RUNNING", "25%"));
    assertThat(run("approve", "shop-fleet/billing", "--by", "alice").exitCode()).isZero();
    CliRun.Result done = statusOnce(out -> out.startsWith("fleet shop-fleet  COMPLETED"));
    assertThat(done.out()).contains("3/3 migrated", "success rate 100%");
  }

  @Test
  void pauseAndResumeAreConfirmedByTheFleet() {
    started();

    CliRun.Result paused = run("pause", "shop-fleet", "--by", "lead");
    CliRun.Result again = run("pause", "shop-fleet", "--by", "lead");
    CliRun.Result resumed = run("resume", "shop-fleet", "--by", "lead");

    assertThat(paused.exitCode()).isZero();
    assertThat(paused.out())
        .startsWith("shop-fleet accepted pause from lead: no new migration starts until resume");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.out()).contains("refused pause from lead: pause refused: already paused");
    assertThat(resumed.exitCode()).isZero();
    assertThat(resumed.out()).startsWith("shop-fleet accepted resume from lead: resumed");
  }

  @Test
  void abortOfAFleetAbortsItsRunningMigrationsAndEndsIt() {
    started();
    statusOnce(row("cart", "RUNNING", "25%").and(row("search", "RUNNING", "25%")));

    CliRun.Result aborted = run("abort", "shop-fleet", "--by", "lead", "--reason", "incident");

    assertThat(aborted.exitCode()).isZero();
    assertThat(aborted.out())
        .startsWith("shop-fleet accepted abort from lead: abort requested: incident");
    CliRun.Result ended = statusOnce(out -> out.startsWith("fleet shop-fleet  ABORTED"));
    assertThat(ended.out())
        .containsPattern("\\s+cart\\s+ABORTED")
        .containsPattern("\\s+search\\s+ABORTED");
    assertThat(run("status", "shop-fleet/cart").out()).contains("ABORTED");

    CliRun.Result late = run("resume", "shop-fleet", "--by", "lead");
    assertThat(late.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(late.err())
        .isEqualTo(
            "fleet shop-fleet has ended (ABORTED): it takes no resume; `flightplan status"
                + " shop-fleet` shows how it ended\n");
  }

  @Test
  void aSignalAFleetDoesNotTakeIsRefusedNamingTheOnesItDoes() {
    started();

    CliRun.Result result = run("reject", "shop-fleet", "--by", "lead");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "shop-fleet is a fleet: it takes approve, abort, pause and resume; to reject one"
                + " system's migration, name it: `flightplan reject shop-fleet/<system>`\n");
  }

  @Test
  void listWithFleetShowsOnlyThatFleetsMigrations() {
    assertThat(run("start", "checkout.yaml").exitCode()).isZero();
    started();
    statusOnce(row("cart", "RUNNING", "25%").and(row("search", "RUNNING", "25%")));
    run("approve", "shop-fleet/cart", "--by", "alice");

    CliRun.Result result = run("list", "--fleet", "shop-fleet");
    CliRun.Result other = run("list", "--fleet", "other-fleet");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(3);
    assertThat(result.outLines().get(1))
        .startsWith("shop-fleet/search")
        .contains("WAITING_APPROVAL", "25%");
    assertThat(result.outLines().get(2)).startsWith("shop-fleet/cart").contains("COMPLETED");
    assertThat(result.out()).doesNotContain("checkout");
    assertThat(other.out())
        .isEqualTo(
            "no migrations of fleet other-fleet running or recently ended in namespace "
                + namespace
                + "\n");
  }

  @Test
  void statusAsJsonCarriesTheFleetsStatusAndKpis() throws Exception {
    started();
    statusOnce(row("cart", "RUNNING", "25%"));

    CliRun.Result result = run("status", "shop-fleet", "--output", "json");

    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.get("status").get("fleet").asText()).isEqualTo("shop-fleet");
    JsonNode cart = json.get("status").get("waves").get(0).get("systems").get(0);
    assertThat(cart.get("system").asText()).isEqualTo("cart");
    assertThat(cart.get("weight").asInt()).isEqualTo(25);
    assertThat(json.get("kpis").get("systemsTotal").asInt()).isEqualTo(3);
    assertThat(json.get("kpis").get("waves")).hasSize(2);
  }

  @Test
  void watchOfAFleetPointsAtStatus() {
    started();

    CliRun.Result result = run("watch", "shop-fleet");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo(
            "shop-fleet is a fleet: `flightplan status shop-fleet` shows its waves; watch follows"
                + " one of its migrations, e.g. `flightplan watch shop-fleet/<system>`\n");
  }

  @Test
  void fleetStatusWithoutAWorkerSaysNobodyAnswered() {
    assertThat(run("start", "fleet.yaml", "--task-queue", "unpolled").exitCode()).isZero();

    CliRun.Result result = run("status", "shop-fleet");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err())
        .isEqualTo(
            "fleet shop-fleet did not answer the status query within 2s: is a worker running?"
                + " (`flightplan worker`)\n");
  }
}
