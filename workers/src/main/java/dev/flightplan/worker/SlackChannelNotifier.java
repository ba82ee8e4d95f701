package dev.flightplan.worker;

import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;
import dev.flightplan.notify.Notifier;
import dev.flightplan.notify.slack.SlackNotifier;

/**
 * Slack among the worker's notifiers: takes the notifications of plans whose {@code notify} names a
 * Slack channel and posts them with {@link SlackNotifier}.
 */
final class SlackChannelNotifier implements Notifier {

  private final SlackNotifier slack;

  SlackChannelNotifier(SlackNotifier slack) {
    this.slack = slack;
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public boolean appliesTo(Notification notification) {
    return notification.target() != null && notification.target().slack() != null;
  }

  @Override
  public NotificationReceipt send(Notification notification) {
    return slack.send(notification);
  }
}
