package dev.flightplan.notify;

import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;

/**
 * One way of telling people: a webhook today, Slack next. Each notifier decides from the plan's
 * {@code notify} whether a notification is for it. Throwing is allowed: the caller logs and carries
 * on.
 */
public interface Notifier {

  /** A short name for logs, such as {@code webhook}. */
  String name();

  boolean appliesTo(Notification notification);

  /** Returns where the message went (thread, message), or {@link NotificationReceipt#none()}. */
  NotificationReceipt send(Notification notification) throws Exception;
}
