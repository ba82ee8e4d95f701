package dev.flightplan.notify;

import dev.flightplan.activities.NotifyActivities.Notification;

/**
 * One way of telling people: a webhook today, Slack next. Each notifier decides from the plan's
 * {@code notify} whether a notification is for it. Throwing is allowed: the caller logs and carries
 * on.
 */
public interface Notifier {

  /** A short name for logs, such as {@code webhook}. */
  String name();

  boolean appliesTo(Notification notification);

  void send(Notification notification) throws Exception;
}
