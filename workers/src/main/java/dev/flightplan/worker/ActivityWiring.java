package dev.flightplan.worker;

import dev.flightplan.kubernetes.KubernetesActivitiesImpl;
import dev.flightplan.metrics.MetricsActivitiesImpl;
import dev.flightplan.notify.Notifier;
import dev.flightplan.notify.NotifyActivitiesImpl;
import dev.flightplan.notify.WebhookNotifier;
import dev.flightplan.notify.slack.SlackNotifier;
import dev.flightplan.traffic.TrafficActivitiesImpl;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that names the concrete activity implementations; everything else takes them as a
 * list.
 */
public final class ActivityWiring {

  private ActivityWiring() {}

  /** The worker's activities; posts to Slack too when SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) is set. */
  public static List<Object> create(
      WorkerConfig config, KubernetesClient kubernetes, HttpClient http) {
    String prometheus = config.prometheusUrl() == null ? null : config.prometheusUrl().toString();
    return create(prometheus, kubernetes, http, extraNotifiers(config.slack()));
  }

  /** Slack when the worker has a bot token; plans that ask for Slack are otherwise only logged. */
  static List<Notifier> extraNotifiers(SlackSettings slack) {
    if (!slack.enabled()) {
      return List.of();
    }
    String apiUrl = slack.apiUrl() == null ? null : slack.apiUrl().toString();
    return List.of(SlackNotifier.create(apiUrl, slack.botToken()));
  }

  /**
   * The activity implementations over one cluster. Webhook notifications are always available
   * (secrets from the environment); {@code extraNotifiers} adds others such as Slack.
   */
  public static List<Object> create(
      String prometheusUrl,
      KubernetesClient kubernetes,
      HttpClient http,
      List<Notifier> extraNotifiers) {
    List<Notifier> notifiers = new ArrayList<>();
    notifiers.add(new WebhookNotifier(http, System::getenv));
    notifiers.addAll(extraNotifiers);
    return List.of(
        new KubernetesActivitiesImpl(kubernetes),
        new TrafficActivitiesImpl(kubernetes, http, System::getenv),
        new MetricsActivitiesImpl(prometheusUrl, http, kubernetes),
        new NotifyActivitiesImpl(notifiers));
  }
}
