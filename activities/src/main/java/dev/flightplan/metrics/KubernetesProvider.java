package dev.flightplan.metrics;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.KubernetesMetric;
import dev.flightplan.plan.MetricDefinition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;

/**
 * Measurements read from the cluster for a Deployment: {@code restarts} (container restarts summed
 * over the pods its selector matches) and {@code readyReplicas}. An API that cannot be reached is
 * no data; one that refuses us (401, 403) or the request (400, 422) fails the step with its
 * message.
 */
public final class KubernetesProvider implements MetricProvider {
  private final KubernetesClient client;

  /** {@code client} may be null: every Kubernetes metric then has no data. */
  public KubernetesProvider(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public Reading sample(String metricName, MetricDefinition definition, String namespace) {
    KubernetesMetric metric = definition.kubernetes();
    String measure = metric.measure();
    if (!"restarts".equals(measure) && !"readyReplicas".equals(measure)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "metric "
              + metricName
              + ": measure '"
              + measure
              + "' is unknown: write restarts or readyReplicas",
          "InvalidMetric");
    }
    if (client == null) {
      return Reading.noData("no Kubernetes client configured for " + metricName);
    }
    String ns = namespace == null ? client.getNamespace() : namespace;
    try {
      Deployment deployment =
          client.apps().deployments().inNamespace(ns).withName(metric.deployment()).get();
      if (deployment == null) {
        return Reading.noData("deployment " + ns + "/" + metric.deployment() + " not found");
      }
      if ("readyReplicas".equals(measure)) {
        Integer ready =
            deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return Reading.of(ready == null ? 0 : ready);
      }
      return Reading.of(restarts(ns, deployment));
    } catch (KubernetesClientException failure) {
      int code = failure.getCode();
      if (code == 400 || code == 401 || code == 403 || code == 422) {
        throw ApplicationFailure.newNonRetryableFailure(
            "Kubernetes refused to read "
                + metricName
                + " (HTTP "
                + code
                + "): "
                + failure.getMessage(),
            "KubernetesRefused");
      }
      return Reading.noData("Kubernetes API: " + Failures.describe(failure));
    }
  }

  private long restarts(String namespace, Deployment deployment) {
    long total = 0;
    for (Pod pod :
        client
            .pods()
            .inNamespace(namespace)
            .withLabelSelector(deployment.getSpec().getSelector())
            .list()
            .getItems()) {
      if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
        continue;
      }
      for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
        total += container.getRestartCount() == null ? 0 : container.getRestartCount();
      }
    }
    return total;
  }
}
