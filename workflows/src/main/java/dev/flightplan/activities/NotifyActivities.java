package dev.flightplan.activities;

import dev.flightplan.plan.Notify;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/** Tells people what a migration is doing (Slack, webhooks). Best effort: a failed notification never fails a step. */
@ActivityInterface(namePrefix = "Notify")
public interface NotifyActivities {

  /**
   * Sends one notification, idempotently: a retry with the same {@code key} must not post twice. Returns where it was
   * posted so later notifications can go to the same thread and decisions can update the approval message in place.
   */
  NotificationReceipt send(Notification notification);

  /**
   * {@code event} is one of started, approval-needed, approval-decided, breach, rolling-back, rolled-back,
   * needs-attention, completed. {@code key} identifies the message (migration/step/event). {@code thread} is the
   * receipt's thread of the migration's first message (null for the first); {@code replaces} the message to update
   * instead of posting a new one (the approval request, when it is decided).
   */
  record Notification(
      Notify target,
      String migration,
      String event,
      String key,
      String text,
      Map<String, String> fields,
      List<String> approvers,
      String thread,
      String replaces) {}

  /** Where a notification went; null fields when the channel has no such notion (a webhook). */
  record NotificationReceipt(String thread, String message) {
    public static NotificationReceipt none() {
      return new NotificationReceipt(null, null);
    }
  }
}
