package dev.flightplan.notify;

import dev.flightplan.activities.NotifyActivities;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every notification, then hands it to each notifier the plan's {@code notify} asks for. Best
 * effort: a notifier that fails is logged and skipped, so a chat or webhook outage never fails a
 * migration step.
 */
public final class NotifyActivitiesImpl implements NotifyActivities {
  private static final Logger log = LoggerFactory.getLogger(NotifyActivitiesImpl.class);

  private final List<Notifier> notifiers;

  public NotifyActivitiesImpl(List<Notifier> notifiers) {
    this.notifiers = List.copyOf(notifiers);
  }

  /** The standard notifiers, with secrets looked up by name through {@code secrets}. */
  public static NotifyActivitiesImpl create(HttpClient http, Function<String, String> secrets) {
    return new NotifyActivitiesImpl(List.of(new WebhookNotifier(http, secrets)));
  }

  /** The standard notifiers, with secrets read from environment variables of the same name. */
  public static NotifyActivitiesImpl fromEnvironment(HttpClient http) {
    return create(http, System::getenv);
  }

  @Override
  public NotificationReceipt send(Notification notification) {
    log.info(
        "Migration {}: {}: {}",
        notification.migration(),
        notification.event(),
        notification.text());
    NotificationReceipt receipt = NotificationReceipt.none();
    for (Notifier notifier : notifiers) {
      if (!notifier.appliesTo(notification)) {
        continue;
      }
      try {
        NotificationReceipt sent = notifier.send(notification);
        if (sent != null && sent.thread() != null && receipt.thread() == null) {
          receipt = sent;
        }
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        log.warn("{} notification for {} interrupted", notifier.name(), notification.migration());
        return receipt;
      } catch (Exception failure) {
        log.warn(
            "{} notification {} for {} failed: {}",
            notifier.name(),
            notification.event(),
            notification.migration(),
            describe(failure));
      }
    }
    return receipt;
  }

  /** I/O failures of the JDK's HTTP client often carry no message: say what happened anyway. */
  private static String describe(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
      if (cause instanceof java.net.ConnectException) {
        return "connection refused";
      }
    }
    return failure.getClass().getSimpleName();
  }
}
