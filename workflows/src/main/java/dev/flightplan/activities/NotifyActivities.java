package dev.flightplan.activities;

import dev.flightplan.plan.Notify;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/** Tells people what a migration is doing (Slack, webhooks). Best effort: a failed notification never fails a step. */
@ActivityInterface(namePrefix = "Notify")
public interface NotifyActivities {

  void send(Notification notification);

  /**
   * {@code event} is one of started, approval-needed, approval-decided, breach, rolling-back, rolled-back,
   * needs-attention, completed; {@code key} identifies the message to update rather than duplicate.
   */
  record Notification(
      Notify target,
      String migration,
      String event,
      String key,
      String text,
      Map<String, String> fields,
      List<String> approvers) {}
}
