package dev.flightplan.slack;

import static dev.flightplan.slack.SlackBotHarness.ALICE;
import static dev.flightplan.slack.SlackBotHarness.BOB;
import static dev.flightplan.slack.SlackBotHarness.CAROL;
import static dev.flightplan.slack.SlackBotHarness.DAVE;
import static dev.flightplan.slack.SlackBotHarness.GUEST;
import static dev.flightplan.slack.SlackBotHarness.MALLORY;
import static dev.flightplan.slack.SlackBotHarness.SIGNING_SECRET;
import static dev.flightplan.slack.SlackBotHarness.STRANGER;
import static dev.flightplan.testing.TestPlans.blueGreenWithCanary;
import static dev.flightplan.testing.TestPlans.phase;
import static dev.flightplan.testing.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.TimelineEntry;
import dev.flightplan.notify.slack.ApprovalButton;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.Step;
import dev.flightplan.slack.FakeSlackApi.StoredMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackApprovalEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SlackBotHarness harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = new SlackBotHarness();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private HttpResponse<String> click(String user, String actionId, StoredMessage request) throws Exception {
    return harness.interactions.click(
        user, actionId, request.buttonValue(actionId), request.ts(), request.threadTs());
  }

  private static MigrationPlan twoApprovals(String name) {
    return plan(
        name,
        List.of("alice", "bob", "group:sre"),
        phase("gate", new Step.Approval("ship it?", 2, null, null, null), new Step.Scale("web-blue", 3, null)));
  }

  private static boolean anyEntryBy(MigrationStatus status, String name) {
    return status.timeline().stream().anyMatch(e -> name.equals(e.by()));
  }

  @Test
  void approvalRequestIsPostedInTheMigrationsThreadWithButtonsAndFigures() {
    harness.start(blueGreenWithCanary("web"));

    StoredMessage request = harness.awaitApprovalRequest();

    StoredMessage first = harness.slack.messages().get(0);
    assertThat(first.threadTs()).isNull();
    assertThat(request.threadTs()).isEqualTo(first.ts());
    assertThat(request.blocksText())
        .contains("Approval needed: web")
        .contains("Delete blue?")
        .contains("*Phase*\\ncleanup")
        .contains("*Step*\\n6/7 approval")
        .contains("*Weight*\\n100%")
        .contains("*Who may approve*\\nalice, bob, group:sre")
        .contains("*Approvals needed*\\n1")
        .contains("*Times out*\\n<!date^")
        .contains(", then rollback")
        .contains("\"action_id\":\"flightplan_approve\"")
        .contains("\"action_id\":\"flightplan_reject\"");
    assertThat(ApprovalButton.parse(request.buttonValue("flightplan_approve")))
        .isEqualTo(new ApprovalButton("web", "web/6/approval-needed/2"));
  }

  @Test
  void signedClickApprovesTheWorkflowContinuesAndTheMessageIsUpdatedInPlace() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();

    HttpResponse<String> response = click(ALICE, "flightplan_approve", request);

    assertThat(response.statusCode()).isEqualTo(200);
    MigrationResult result = harness.result(workflow);
    assertThat(result.state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(workflow.status().timeline())
        .anySatisfy(e -> {
          assertThat(e.kind()).isEqualTo("approval");
          assertThat(e.by()).isEqualTo("alice");
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.slack.message(request.ts()).hasButtons());
    StoredMessage updated = harness.slack.message(request.ts());
    assertThat(updated.blocksText()).contains("web: approved by alice").contains("Decided <!date^");
    assertThat(harness.slack.calls("chat.update")).anyMatch(c -> c.param("ts").equals(request.ts()));
    assertThat(harness.slack.ephemeralsTo(ALICE)).isEmpty();
  }

  @Test
  void rejectAsksForAReasonInAModalAndTheSubmissionRollsBack() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();

    assertThat(click(BOB, "flightplan_reject", request).statusCode()).isEqualTo(200);

    var opened = harness.slack.calls("views.open");
    assertThat(opened).hasSize(1);
    JsonNode modal = JSON.readTree(opened.get(0).param("view"));
    assertThat(modal.path("callback_id").asText()).isEqualTo(FlightplanSlackApp.REJECT_MODAL);
    assertThat(modal.toString()).contains("\"block_id\":\"reason\"").contains("plain_text_input");
    assertThat(workflow.status().state()).isEqualTo(MigrationState.WAITING_APPROVAL);

    HttpResponse<String> submitted =
        harness.interactions.submitReason(BOB, modal.path("private_metadata").asText(), "error budget is spent");

    assertThat(submitted.statusCode()).isEqualTo(200);
    MigrationResult result = harness.result(workflow);
    assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
    assertThat(result.summary()).contains("rejected by bob: error budget is spent");
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.slack.message(request.ts()).hasButtons());
    assertThat(harness.slack.message(request.ts()).blocksText()).contains("rejected by bob");
  }

  @Test
  void rejectWithoutAReasonKeepsTheModalOpenWithAnError() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();
    click(BOB, "flightplan_reject", request);
    JsonNode modal = JSON.readTree(harness.slack.calls("views.open").get(0).param("view"));

    HttpResponse<String> submitted =
        harness.interactions.submitReason(BOB, modal.path("private_metadata").asText(), "  ");

    assertThat(submitted.statusCode()).isEqualTo(200);
    assertThat(submitted.body()).contains("\"response_action\":\"errors\"").contains("\"reason\"");
    assertThat(anyEntryBy(workflow.status(), "bob")).isFalse();
  }

  @Test
  void unauthorizedUserGetsAPrivateRefusalAndTheMigrationKeepsWaiting() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();

    assertThat(click(MALLORY, "flightplan_approve", request).statusCode()).isEqualTo(200);

    assertThat(harness.slack.ephemeralsTo(MALLORY))
        .singleElement()
        .asString()
        .contains("Your approve of *web* was not accepted")
        .contains("mallory is not an approver of this step (approvers: alice, bob, group:sre)");
    MigrationStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    assertThat(status.pending().approvedBy()).isEmpty();
    assertThat(harness.slack.message(request.ts()).hasButtons()).isTrue();
    assertThat(harness.slack.calls("chat.postEphemeral"))
        .singleElement()
        .satisfies(c -> assertThat(c.param("thread_ts")).isEqualTo(request.threadTs()));
  }

  @Test
  void staleSignatureGets401AndNothingIsSignalled() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();
    String body =
        harness.interactions.clickBody(
            ALICE, "flightplan_approve", request.buttonValue("flightplan_approve"), request.ts(), request.threadTs());
    String tenMinutesAgo = Long.toString(Instant.now().minusSeconds(600).getEpochSecond());

    HttpResponse<String> response =
        harness.interactions.send(body, tenMinutesAgo, RequestSignature.sign(SIGNING_SECRET, tenMinutesAgo, body));

    assertThat(response.statusCode()).isEqualTo(401);
    MigrationStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    assertThat(anyEntryBy(status, "alice")).isFalse();
    assertThat(harness.slack.ephemeralsTo(ALICE)).isEmpty();
  }

  @Test
  void badSignatureTamperedBodyOrMissingHeadersGet401AndNothingIsSignalled() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();
    String body =
        harness.interactions.clickBody(
            ALICE, "flightplan_approve", request.buttonValue("flightplan_approve"), request.ts(), request.threadTs());
    String now = Long.toString(Instant.now().getEpochSecond());
    String forgedFor = harness.interactions.clickBody(
        MALLORY, "flightplan_approve", request.buttonValue("flightplan_approve"), request.ts(), request.threadTs());

    var wrongSecret = harness.interactions.send(body, now, RequestSignature.sign("not-the-secret", now, body));
    var tampered = harness.interactions.send(body, now, RequestSignature.sign(SIGNING_SECRET, now, forgedFor));
    var unsigned = harness.interactions.send(body, null, null);
    var future =
        harness.interactions.send(
            body,
            Long.toString(Instant.now().plusSeconds(600).getEpochSecond()),
            RequestSignature.sign(
                SIGNING_SECRET, Long.toString(Instant.now().plusSeconds(600).getEpochSecond()), body));

    assertThat(List.of(wrongSecret, tampered, unsigned, future))
        .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
    MigrationStatus status = workflow.status();
    assertThat(status.state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    assertThat(anyEntryBy(status, "alice")).isFalse();
  }

  @Test
  void doubleClickGetsAnAlreadyApprovedPrivateReply() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();

    click(ALICE, "flightplan_approve", request);
    click(ALICE, "flightplan_approve", request);

    // Depending on how far the workflow got, the request is decided or the migration has completed: either way
    // the second click is not sent and alice is told she already approved.
    assertThat(harness.slack.ephemeralsTo(ALICE))
        .singleElement()
        .asString()
        .containsAnyOf("You already approved this approval request of *web* (step 6)", "You already approved *web*");
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(workflow.status().timeline()).filteredOn(e -> e.kind().equals("approval")).hasSize(1);
  }

  @Test
  void duplicateDeliveriesAtTheSameTimeCountOnceAndTheOtherIsToldSo() throws Exception {
    MigrationWorkflow workflow = harness.start(twoApprovals("web-twice"));
    StoredMessage request = harness.awaitApprovalRequest();
    String body =
        harness.interactions.clickBody(
            ALICE, "flightplan_approve", request.buttonValue("flightplan_approve"), request.ts(), request.threadTs());

    var first = CompletableFuture.supplyAsync(() -> sendQuietly(body));
    var second = CompletableFuture.supplyAsync(() -> sendQuietly(body));

    assertThat(List.of(first.get(), second.get())).allSatisfy(code -> assertThat(code).isEqualTo(200));
    MigrationStatus status = workflow.status();
    assertThat(status.pending().approvedBy()).containsExactly("alice");
    assertThat(harness.slack.ephemeralsTo(ALICE))
        .hasSize(2)
        .anySatisfy(text -> assertThat(text).contains("counted (1/2)"))
        .anySatisfy(text -> assertThat(text).contains("You already approved *web-twice*"));
  }

  private int sendQuietly(String body) {
    try {
      return harness.interactions.send(body).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void minApprovalsOfTwoNeedsTwoDifferentSlackUsers() throws Exception {
    MigrationWorkflow workflow = harness.start(twoApprovals("web-two"));
    StoredMessage request = harness.awaitApprovalRequest();
    assertThat(request.blocksText()).contains("*Approvals needed*\\n2");

    click(ALICE, "flightplan_approve", request);
    click(ALICE, "flightplan_approve", request);

    assertThat(harness.slack.ephemeralsTo(ALICE))
        .containsExactly(
            "Your approval of *web-two* counted (1/2): 1 more needed from someone else.",
            "You already approved *web-two* (1/2 counted); a second approval by the same person does not count. 1"
                + " more needed from someone else.");
    assertThat(workflow.status().state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    // the channel's request shows the first approval in place, and still offers the buttons
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.slack.message(request.ts()).blocksText().contains("Approved so far"));
    StoredMessage halfway = harness.slack.message(request.ts());
    assertThat(halfway.hasButtons()).isTrue();
    assertThat(halfway.blocksText())
        .contains("*Approved so far*\\nalice at 20")
        .contains("*Approvals still needed*\\n1")
        .contains("web-two: ship it?");
    assertThat(harness.slack.calls("chat.postMessage"))
        .noneMatch(c -> c.param("text") != null && c.param("text").contains("Approved so far"));

    click(BOB, "flightplan_approve", request);

    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.slack.message(request.ts()).hasButtons());
    assertThat(harness.slack.message(request.ts()).blocksText()).contains("approved by alice, bob");
  }

  @Test
  void clickOnAnUnknownMigrationGetsAPrivateReply() throws Exception {
    harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();
    String unknown = new ApprovalButton("no-such-migration", "no-such-migration/6/approval-needed").toJson();

    harness.interactions.click(ALICE, "flightplan_approve", unknown, request.ts(), request.threadTs());

    assertThat(harness.slack.ephemeralsTo(ALICE))
        .singleElement()
        .asString()
        .contains("There is no migration named *no-such-migration*");
  }

  @Test
  void clickAfterTheMigrationRolledBackSaysSoAndSendsNothing() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();
    workflow.abort(new dev.flightplan.migration.Decision("ops", "maintenance window closed"));
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.ABORTED);
    int entries = workflow.status().timeline().size();

    click(ALICE, "flightplan_approve", request);

    assertThat(harness.slack.ephemeralsTo(ALICE))
        .singleElement()
        .asString()
        .contains("*web* already ended ABORTED");
    assertThat(workflow.status().timeline()).hasSize(entries);
  }

  @Test
  void identityComesFromTheMappingOrTheEmailButNeverFromAGuestsEmail() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();

    click(DAVE, "flightplan_approve", request);
    click(GUEST, "flightplan_approve", request);
    click(STRANGER, "flightplan_approve", request);

    assertThat(harness.slack.ephemeralsTo(DAVE))
        .singleElement()
        .asString()
        .contains("dave is not an approver");
    assertThat(harness.slack.ephemeralsTo(GUEST)).singleElement().asString().contains("cannot tell who you are");
    assertThat(harness.slack.ephemeralsTo(STRANGER)).singleElement().asString().contains("cannot tell who you are");
    assertThat(anyEntryBy(workflow.status(), "alice")).isFalse();
    assertThat(workflow.status().state()).isEqualTo(MigrationState.WAITING_APPROVAL);
  }

  @Test
  void groupFromTheMappingLetsAGroupMemberApproveWithASlashCommand() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    harness.awaitApprovalRequest();

    HttpResponse<String> response = harness.interactions.command(CAROL, "approve web checked the dashboards");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("Approved *web*").contains("approved by carol");
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(workflow.status().timeline())
        .extracting(TimelineEntry::text)
        .anyMatch(t -> t.contains("approved by carol (1/1): checked the dashboards"));
  }

  @Test
  void slashCommandStatusShowsWhereTheMigrationIsAndWhatItWaitsFor() throws Exception {
    harness.start(blueGreenWithCanary("web"));
    harness.awaitApprovalRequest();

    HttpResponse<String> status = harness.interactions.command(ALICE, "status web");
    HttpResponse<String> list = harness.interactions.command(ALICE, "list");
    HttpResponse<String> unknown = harness.interactions.command(ALICE, "status nope");
    HttpResponse<String> help = harness.interactions.command(ALICE, "frobnicate");

    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(status.body()).path("text").asText())
        .contains("*web* is WAITING_APPROVAL")
        .contains("phase cleanup · step 6/7 approval · weight 100%")
        .contains("Waiting for approval: Delete blue? (0/1 approvals from alice, bob, group:sre)")
        .contains("times out <!date^")
        .contains("Recent:");
    assertThat(JSON.readTree(list.body()).path("text").asText())
        .contains("*web* WAITING_APPROVAL · phase cleanup · step 6/7 · weight 100% · waiting for approval");
    assertThat(unknown.body()).contains("There is no migration named *nope*");
    assertThat(JSON.readTree(help.body()).path("text").asText())
        .contains("I do not know `frobnicate`")
        .contains("`/flightplan status &lt;migration&gt;`")
        .doesNotContain("<migration>");
  }

  @Test
  void slashCommandsRejectAndAbortSayWhatHappened() throws Exception {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    harness.awaitApprovalRequest();

    HttpResponse<String> noReason = harness.interactions.command(BOB, "reject web");
    HttpResponse<String> refused = harness.interactions.command(MALLORY, "reject web I do not like it");
    HttpResponse<String> missing = harness.interactions.command(ALICE, "abort nope");
    HttpResponse<String> aborted = harness.interactions.command(ALICE, "abort web wrong version");

    assertThat(JSON.readTree(noReason.body()).path("text").asText())
        .contains("Say why: `/flightplan reject web &lt;reason&gt;`");
    assertThat(anyEntryBy(workflow.status(), "bob")).isFalse();
    assertThat(refused.body()).contains("Your reject of *web* was not accepted: mallory is not an approver");
    assertThat(missing.body()).contains("There is no migration named *nope*");
    assertThat(aborted.body()).contains("Abort of *web* requested");
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.ABORTED);
  }
}
