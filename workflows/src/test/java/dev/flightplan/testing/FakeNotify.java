package dev.flightplan.testing;

import dev.flightplan.activities.NotifyActivities;
import java.util.ArrayList;
import java.util.List;

/** Keeps every notification so tests can assert who was told what. */
public final class FakeNotify implements NotifyActivities {
  private final List<Notification> sent = new ArrayList<>();

  @Override
  public synchronized NotificationReceipt send(Notification notification) {
    sent.add(notification);
    // like Slack's chat.update: an update keeps the message it updates
    String message = notification.replaces() != null ? notification.replaces() : "message-" + sent.size();
    return new NotificationReceipt("thread-1", message);
  }

  public synchronized List<String> events() {
    return sent.stream().map(Notification::event).toList();
  }

  public synchronized List<Notification> all() {
    return List.copyOf(sent);
  }
}
