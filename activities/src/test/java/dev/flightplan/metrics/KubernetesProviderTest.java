package dev.flightplan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.KubernetesMetric;
import dev.flightplan.plan.MetricDefinition;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesProviderTest {
  private static final String NAMESPACE = "shop";

  KubernetesClient client;

  @BeforeEach
  void createDeploymentWithPods() {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("checkout")
            .withNamespace(NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withReplicas(3)
            .withNewSelector()
            .withMatchLabels(Map.of("app", "checkout"))
            .endSelector()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
    deployment.setStatus(
        new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
            .withReadyReplicas(2)
            .build());
    client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).updateStatus();

    client.pods().inNamespace(NAMESPACE).resource(pod("checkout-1", "checkout", 1, 2)).create();
    client.pods().inNamespace(NAMESPACE).resource(pod("checkout-2", "checkout", 0)).create();
    client.pods().inNamespace(NAMESPACE).resource(pod("payments-1", "payments", 7)).create();
  }

  private static Pod pod(String name, String app, int... restarts) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NAMESPACE)
            .withLabels(Map.of("app", app))
            .endMetadata()
            .withNewStatus()
            .endStatus();
    Pod built = pod.build();
    for (int i = 0; i < restarts.length; i++) {
      built
          .getStatus()
          .getContainerStatuses()
          .add(
              new ContainerStatusBuilder().withName("c" + i).withRestartCount(restarts[i]).build());
    }
    return built;
  }

  private Reading sample(String deployment, String measure) {
    return new KubernetesProvider(client)
        .sample(
            "k8s",
            new MetricDefinition(
                null, null, new KubernetesMetric(deployment, measure), null, null, null),
            NAMESPACE);
  }

  @Test
  void sumsContainerRestartsOverTheDeploymentsPods() {
    assertThat(sample("checkout", "restarts").value()).isEqualTo(3);
  }

  @Test
  void readsReadyReplicas() {
    assertThat(sample("checkout", "readyReplicas").value()).isEqualTo(2);
  }

  @Test
  void hasNoDataForAMissingDeployment() {
    Reading reading = sample("gone", "readyReplicas");

    assertThat(reading.hasValue()).isFalse();
    assertThat(reading.reason()).isEqualTo("deployment shop/gone not found");
  }

  @Test
  void hasNoDataWithoutAClient() {
    Reading reading =
        new KubernetesProvider(null)
            .sample(
                "k8s",
                new MetricDefinition(
                    null, null, new KubernetesMetric("checkout", "restarts"), null, null, null),
                NAMESPACE);

    assertThat(reading.hasValue()).isFalse();
  }

  @Test
  void refusesAnUnknownMeasure() {
    assertThatThrownBy(() -> sample("checkout", "cpu"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, failure -> assertThat(failure.isNonRetryable()).isTrue());
  }
}
