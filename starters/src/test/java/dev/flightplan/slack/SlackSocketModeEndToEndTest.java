package dev.flightplan.slack;

import static dev.flightplan.slack.SlackBotHarness.ALICE;
import static dev.flightplan.slack.SlackBotHarness.APP_TOKEN;
import static dev.flightplan.slack.SlackBotHarness.MALLORY;
import static dev.flightplan.testing.TestPlans.blueGreenWithCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.slack.FakeSlackApi.StoredMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bot in Socket Mode, for teams that cannot expose an HTTP endpoint: it opens its connection with the app token,
 * receives Slack's envelopes over a WebSocket (a fake Socket Mode server on loopback), acknowledges each one, and turns
 * them into the same signals and replies as over HTTP. The real workflow runs in the time-skipping environment.
 */
class SlackSocketModeEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeSocketModeServer socket;
  private SlackBotHarness harness;

  @BeforeEach
  void setUp() throws Exception {
    socket = new FakeSocketModeServer().listen();
    harness = new SlackBotHarness(socket);
    await().atMost(Duration.ofSeconds(20)).until(socket::connected);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
    socket.close();
  }

  private String click(String user, StoredMessage request) {
    return socket.deliver(
        "interactive",
        harness.interactions.clickPayload(
            user, "flightplan_approve", request.buttonValue("flightplan_approve"), request.ts(), request.threadTs()),
        false);
  }

  private JsonNode awaitAck(String envelopeId) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> socket.ackOf(envelopeId), ack -> ack != null);
  }

  @Test
  void connectsWithTheAppTokenToTheUrlSlackHandsOut() {
    assertThat(harness.slack.calls("apps.connections.open"))
        .isNotEmpty()
        .allSatisfy(c -> assertThat(c.authorization()).isEqualTo("Bearer " + APP_TOKEN));
    assertThat(socket.connectionPaths()).isNotEmpty().allSatisfy(path -> assertThat(path).contains("ticket=fake-ticket"));
    assertThat(harness.bot.port()).isEqualTo(-1);
  }

  @Test
  void aClickDeliveredOverTheSocketIsAcknowledgedApprovesAndUpdatesTheMessage() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web"));
    StoredMessage request = harness.awaitApprovalRequest();

    String envelope = click(ALICE, request);

    assertThat(awaitAck(envelope).path("envelope_id").asText()).isEqualTo(envelope);
    assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);
    assertThat(workflow.status().timeline())
        .anySatisfy(e -> {
          assertThat(e.kind()).isEqualTo("approval");
          assertThat(e.by()).isEqualTo("alice");
        });
    await().atMost(Duration.ofSeconds(10)).until(() -> !harness.slack.message(request.ts()).hasButtons());
    assertThat(harness.slack.message(request.ts()).blocksText()).contains("web: approved by alice");
  }

  @Test
  void anUnauthorizedClickOverTheSocketIsRefusedPrivatelyAndTheMigrationKeepsWaiting() {
    MigrationWorkflow workflow = harness.start(blueGreenWithCanary("web-mallory"));
    StoredMessage request = harness.awaitApprovalRequest();

    awaitAck(click(MALLORY, request));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !harness.slack.ephemeralsTo(MALLORY).isEmpty());
    assertThat(harness.slack.ephemeralsTo(MALLORY))
        .singleElement()
        .asString()
        .contains("Your approve of *web-mallory* was not accepted")
        .contains("mallory is not an approver of this step (approvers: alice, bob, group:sre)");
    assertThat(workflow.status().state()).isEqualTo(MigrationState.WAITING_APPROVAL);
    assertThat(workflow.status().pending().approvedBy()).isEmpty();
    assertThat(harness.slack.message(request.ts()).hasButtons()).isTrue();
  }

  @Test
  void aSlashCommandOverTheSocketIsAnsweredInItsAcknowledgement() {
    harness.start(blueGreenWithCanary("web-status"));
    harness.awaitApprovalRequest();
    ObjectNode command = JSON.valueToTree(harness.interactions.commandFields(ALICE, "status web-status"));

    JsonNode ack = awaitAck(socket.deliver("slash_commands", command, true));

    assertThat(ack.path("payload").path("text").asText()).contains("web-status").contains("WAITING_APPROVAL");
  }
}
