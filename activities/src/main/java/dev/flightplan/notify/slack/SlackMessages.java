package dev.flightplan.notify.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.flightplan.activities.NotifyActivities.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders notifications as Slack Block Kit messages. Pure: no I/O, so every shape is unit-tested. */
public final class SlackMessages {

  /** The block holding the Approve / Reject buttons; a decided message no longer has it. */
  public static final String DECISION_BLOCK = "flightplan_decision";

  private static final int MAX_FIELD = 300;
  private static final int MAX_HEADER = 150;

  private SlackMessages() {}

  /** A message's fallback text (notifications, screen readers) and its blocks. */
  public record SlackMessage(String text, List<LayoutBlock> blocks) {}

  public static SlackMessage render(Notification notification) {
    return switch (notification.event()) {
      case "approval-needed", "approval-progress" -> approvalRequest(notification);
      case "breach" -> withFields(notification, ":rotating_light:", List.of("trigger", "value", "threshold"));
      case "rolling-back" -> simple(notification, ":leftwards_arrow_with_hook:");
      case "rolled-back" -> simple(notification, ":arrow_backward:");
      case "needs-attention" -> simple(notification, ":warning:");
      case "completed" -> simple(notification, ":white_check_mark:");
      case "started" -> simple(notification, ":airplane_departure:");
      default -> simple(notification, ":information_source:");
    };
  }

  /**
   * An update of the approval request: the decision (who decided and when, without buttons), or, after an approval
   * that was not the last one needed, the request again with who approved so far.
   */
  public static SlackMessage updated(Notification notification, Instant at) {
    return "approval-progress".equals(notification.event()) ? render(notification) : decided(notification, at);
  }

  /** The approval request once decided: who decided and when, without buttons. */
  public static SlackMessage decided(Notification notification, Instant decidedAt) {
    Map<String, String> fields = fieldsOf(notification);
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(clip("Decided: " + notification.migration(), MAX_HEADER)))));
    blocks.add(section(s -> s.text(markdownText("*" + escape(notification.text()) + "*"))));
    List<TextObject> shown = new ArrayList<>();
    addField(shown, "Phase", fields.get("phase"));
    addField(shown, "Step", fields.get("step"));
    addField(shown, "Weight", fields.get("weight"));
    addField(shown, "State", fields.get("state"));
    if (!shown.isEmpty()) {
      blocks.add(section(s -> s.fields(shown)));
    }
    blocks.add(
        context(List.of(markdownText("Decided " + slackDate(decidedAt.getEpochSecond(), decidedAt.toString())))));
    return new SlackMessage(notification.text() + " (decided " + decidedAt + ")", blocks);
  }

  private static SlackMessage approvalRequest(Notification notification) {
    Map<String, String> fields = fieldsOf(notification);
    boolean inconclusive = "inconclusive".equals(fields.get("kind"));
    String title = (inconclusive ? "Decision needed: " : "Approval needed: ") + notification.migration();
    List<TextObject> shown = new ArrayList<>();
    addField(shown, "Migration", notification.migration());
    addField(shown, "Phase", fields.get("phase"));
    addField(shown, "Step", fields.get("step"));
    addField(shown, "Weight", fields.get("weight"));
    addField(shown, "Latest verdict", fields.getOrDefault("lastVerdict", "none yet"));
    addField(shown, "Who may approve", whoMayApprove(notification, fields));
    addField(shown, "Approved so far", fields.get("approvedBy"));
    addField(shown, present(fields.get("approvedBy")) ? "Approvals still needed" : "Approvals needed", fields.get("needed"));
    shown.add(markdownText("*Times out*\n" + timeout(fields)));

    String value = new ApprovalButton(notification.migration(), notification.key()).toJson();
    List<BlockElement> buttons =
        List.of(
            ButtonElement.builder()
                .actionId(ApprovalButton.APPROVE_ACTION)
                .text(plainText("Approve"))
                .style("primary")
                .value(value)
                .build(),
            ButtonElement.builder()
                .actionId(ApprovalButton.REJECT_ACTION)
                .text(plainText("Reject"))
                .style("danger")
                .value(value)
                .build());

    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(header(h -> h.text(plainText(clip(title, MAX_HEADER)))));
    // a progress update carries the original request's text, and says what changed in its fields
    String text = present(fields.get("request")) ? fields.get("request") : notification.text();
    blocks.add(section(s -> s.text(markdownText(escape(text)))));
    blocks.add(section(s -> s.fields(shown)));
    blocks.add(actions(DECISION_BLOCK, buttons));
    return new SlackMessage(title + ": " + notification.text(), blocks);
  }

  private static SlackMessage simple(Notification notification, String emoji) {
    return withFields(notification, emoji, List.of());
  }

  private static SlackMessage withFields(Notification notification, String emoji, List<String> extra) {
    Map<String, String> fields = fieldsOf(notification);
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(section(s -> s.text(markdownText(emoji + " " + escape(notification.text())))));
    List<TextObject> shown = new ArrayList<>();
    for (String name : extra) {
      addField(shown, capitalize(name), fields.get(name));
    }
    if (!shown.isEmpty()) {
      blocks.add(section(s -> s.fields(shown)));
    }
    String where = whereText(fields);
    if (!where.isEmpty()) {
      blocks.add(context(List.of(markdownText(where))));
    }
    return new SlackMessage(notification.text(), blocks);
  }

  private static String whereText(Map<String, String> fields) {
    List<String> parts = new ArrayList<>();
    if (present(fields.get("phase"))) {
      parts.add("phase *" + escape(fields.get("phase")) + "*");
    }
    if (present(fields.get("step"))) {
      parts.add("step " + escape(fields.get("step")));
    }
    if (present(fields.get("weight"))) {
      parts.add("weight " + escape(fields.get("weight")));
    }
    if (present(fields.get("state"))) {
      parts.add(escape(fields.get("state")));
    }
    return String.join(" · ", parts);
  }

  private static String whoMayApprove(Notification notification, Map<String, String> fields) {
    if (notification.approvers() != null && !notification.approvers().isEmpty()) {
      return String.join(", ", notification.approvers());
    }
    String listed = fields.get("approvers");
    return present(listed) ? listed : "anyone";
  }

  /** Slack mrkdwn, already escaped: the deadline is a Slack date token. */
  private static String timeout(Map<String, String> fields) {
    String deadline = fields.get("deadlineMillis");
    if (!present(deadline)) {
      return "never";
    }
    try {
      long millis = Long.parseLong(deadline);
      String then = present(fields.get("onTimeout")) ? ", then " + escape(fields.get("onTimeout")) : "";
      return slackDate(millis / 1000, Instant.ofEpochMilli(millis).toString()) + then;
    } catch (NumberFormatException e) {
      return escape(deadline);
    }
  }

  /** Slack shows the date in each reader's own time zone; the fallback is UTC. */
  static String slackDate(long epochSecond, String fallback) {
    return "<!date^" + epochSecond + "^{date_short_pretty} {time}|" + fallback + ">";
  }

  private static void addField(List<TextObject> fields, String label, String value) {
    if (present(value)) {
      fields.add(markdownText("*" + label + "*\n" + escape(clip(value, MAX_FIELD))));
    }
  }

  private static Map<String, String> fieldsOf(Notification notification) {
    return notification.fields() == null ? Map.of() : notification.fields();
  }

  private static boolean present(String value) {
    return value != null && !value.isBlank();
  }

  private static String capitalize(String name) {
    return name.isEmpty() ? name : Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Slack's mrkdwn needs only these three escaped; a name like {@code <!channel>} must not ping anyone. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
