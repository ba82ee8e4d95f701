package dev.flightplan.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.ButtonElement;
import com.slack.api.util.json.GsonFactory;
import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.plan.Notify;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessagesTest {

  private static final Notify CHANNEL = new Notify(new Notify.SlackNotify("#migrations"), null);

  private static Notification approvalNeeded(Map<String, String> extra) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("phase", "cleanup");
    fields.put("step", "6/7 approval");
    fields.put("weight", "100%");
    fields.put("state", "WAITING_APPROVAL");
    fields.put("kind", "approval");
    fields.put("needed", "2");
    fields.put("approvers", "alice, bob, group:sre");
    fields.put("deadlineMillis", "1900000000000");
    fields.put("onTimeout", "rollback");
    fields.put("lastVerdict", "error_rate 0.01 below 0.05");
    fields.putAll(extra);
    return new Notification(
        CHANNEL,
        "web",
        "approval-needed",
        "web/6/approval-needed",
        "web: Delete blue?",
        fields,
        List.of("alice", "bob", "group:sre"),
        "1700000000.000100",
        null);
  }

  private static String json(List<LayoutBlock> blocks) {
    return GsonFactory.createSnakeCase().newBuilder().disableHtmlEscaping().create().toJson(blocks);
  }

  @Test
  void aProgressUpdateIsTheRequestAgainWithWhoApprovedSoFarAndItsButtons() {
    Notification request = approvalNeeded(Map.of("needed", "1", "approvedBy", "alice at 2026-11-21T03:04:05Z",
        "request", "web: Delete blue?"));
    Notification progress =
        new Notification(
            CHANNEL,
            "web",
            "approval-progress",
            "web/6/approval-progress/4",
            "web: approved by alice (1/2), 1 more approval(s) needed",
            request.fields(),
            request.approvers(),
            request.thread(),
            "1700000000.000200");

    var message = SlackMessages.updated(progress, Instant.parse("2026-11-21T03:05:00Z"));

    String blocks = json(message.blocks());
    assertThat(blocks)
        .contains("Approval needed: web")
        .contains("web: Delete blue?")
        .contains("*Approved so far*\\nalice at 2026-11-21T03:04:05Z")
        .contains("*Approvals still needed*\\n1")
        .doesNotContain("*Approvals needed*")
        .doesNotContain("Decided");
    assertThat(message.blocks()).anyMatch(block -> block instanceof ActionsBlock);
  }

  @Test
  void aDecisionUpdateHasNoButtons() {
    Notification decided =
        new Notification(
            CHANNEL, "web", "approval-decided", "web/6/approval-decided/5", "web: approved by alice, bob",
            Map.of("phase", "cleanup"), List.of(), "1700000000.000100", "1700000000.000200");

    var message = SlackMessages.updated(decided, Instant.parse("2026-11-21T03:05:00Z"));

    assertThat(json(message.blocks())).contains("Decided: web").contains("web: approved by alice, bob");
    assertThat(message.blocks()).noneMatch(block -> block instanceof ActionsBlock);
  }

  @Test
  void approvalRequestShowsTheFiguresAndWhoMayApprove() {
    var message = SlackMessages.render(approvalNeeded(Map.of()));

    String blocks = json(message.blocks());
    assertThat(blocks)
        .contains("Approval needed: web")
        .contains("*Migration*\\nweb")
        .contains("*Phase*\\ncleanup")
        .contains("*Step*\\n6/7 approval")
        .contains("*Weight*\\n100%")
        .contains("*Latest verdict*\\nerror_rate 0.01 below 0.05")
        .contains("*Who may approve*\\nalice, bob, group:sre")
        .contains("*Approvals needed*\\n2")
        .contains("<!date^1900000000^{date_short_pretty} {time}|2030-03-17T17:46:40Z>, then rollback");
    assertThat(message.text()).contains("web: Delete blue?");
  }

  @Test
  void approvalRequestCarriesApproveAndRejectButtonsNamingTheRequest() {
    var message = SlackMessages.render(approvalNeeded(Map.of()));

    ActionsBlock actions =
        message.blocks().stream()
            .filter(ActionsBlock.class::isInstance)
            .map(ActionsBlock.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(actions.getBlockId()).isEqualTo(SlackMessages.DECISION_BLOCK);
    List<ButtonElement> buttons = actions.getElements().stream().map(ButtonElement.class::cast).toList();
    assertThat(buttons)
        .extracting(ButtonElement::getActionId)
        .containsExactly("flightplan_approve", "flightplan_reject");
    assertThat(buttons).extracting(ButtonElement::getStyle).containsExactly("primary", "danger");
    assertThat(ApprovalButton.parse(buttons.get(0).getValue()))
        .isEqualTo(new ApprovalButton("web", "web/6/approval-needed"));
    assertThat(buttons.get(0).getValue()).isEqualTo("{\"migration\":\"web\",\"key\":\"web/6/approval-needed\"}");
  }

  @Test
  void inconclusiveAnalysisAsksForADecisionAndSaysWhenNothingTimesOut() {
    Map<String, String> fields = new LinkedHashMap<>(Map.of("kind", "inconclusive"));
    var notification = approvalNeeded(fields);
    notification.fields().remove("deadlineMillis");

    String blocks = json(SlackMessages.render(notification).blocks());

    assertThat(blocks).contains("Decision needed: web").contains("*Times out*\\nnever");
  }

  @Test
  void decidedMessageSaysWhoAndWhenAndHasNoButtons() {
    var decided =
        new Notification(
            CHANNEL,
            "web",
            "approval-decided",
            "web/6/approval-decided",
            "web: approved by alice",
            Map.of("phase", "cleanup", "step", "6/7 approval", "weight", "100%", "state", "RUNNING"),
            List.of("alice"),
            "1700000000.000100",
            "1700000000.000200");

    var message = SlackMessages.decided(decided, Instant.parse("2026-11-20T10:15:30Z"));

    String blocks = json(message.blocks());
    assertThat(blocks)
        .contains("web: approved by alice")
        .contains("Decided <!date^1795169730^{date_short_pretty} {time}|2026-11-20T10:15:30Z>");
    assertThat(message.blocks()).noneMatch(ActionsBlock.class::isInstance);
  }

  @Test
  void breachShowsTriggerValueAndThreshold() {
    var breach =
        new Notification(
            CHANNEL,
            "web",
            "breach",
            "web/4/breach",
            "Breach in web (canary at 50%): error_rate above 0.05",
            Map.of("trigger", "error_rate", "value", "0.12", "threshold", "0.05", "phase", "rollout"),
            List.of(),
            "1700000000.000100",
            null);

    String blocks = json(SlackMessages.render(breach).blocks());

    assertThat(blocks).contains("*Trigger*\\nerror_rate").contains("*Value*\\n0.12").contains("*Threshold*\\n0.05");
  }

  @Test
  void textFromAPlanCannotMentionEveryone() {
    var started =
        new Notification(
            CHANNEL,
            "web",
            "started",
            "web/0/started",
            "Migration <!channel> started",
            Map.of(),
            List.of(),
            null,
            null);

    String blocks = json(SlackMessages.render(started).blocks());

    assertThat(blocks).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
  }
}
