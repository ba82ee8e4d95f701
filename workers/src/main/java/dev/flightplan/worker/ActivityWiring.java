package dev.flightplan.worker;

import dev.flightplan.kubernetes.KubernetesActivitiesImpl;
import dev.flightplan.metrics.MetricsActivitiesImpl;
import dev.flightplan.notify.NotifyActivitiesImpl;
import dev.flightplan.traffic.TrafficActivitiesImpl;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.http.HttpClient;
import java.util.List;

/**
 * The one place that names the concrete activity implementations; everything else takes them as a
 * list.
 */
public final class ActivityWiring {

  private ActivityWiring() {}

  public static List<Object> create(
      WorkerConfig config, KubernetesClient kubernetes, HttpClient http) {
    return List.of(
        new KubernetesActivitiesImpl(kubernetes),
        new TrafficActivitiesImpl(kubernetes),
        new MetricsActivitiesImpl(config.prometheusUrl().toString(), http, kubernetes),
        new NotifyActivitiesImpl(http));
  }
}
