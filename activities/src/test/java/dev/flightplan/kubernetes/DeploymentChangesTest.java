package dev.flightplan.kubernetes;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.KubernetesActivities.ScaleRequest;
import dev.flightplan.activities.KubernetesActivities.ScaleResult;
import dev.flightplan.activities.KubernetesActivities.SelectorRequest;
import dev.flightplan.activities.KubernetesActivities.SelectorResult;
import dev.flightplan.activities.KubernetesActivities.SetImageRequest;
import dev.flightplan.activities.KubernetesActivities.SetImageResult;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class DeploymentChangesTest {

  KubernetesClient client;
  KubernetesActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    activities = new KubernetesActivitiesImpl(client, Heartbeat.none(), Duration.ofMillis(50));
    Fixtures.createDeployment(client, "web", "web:1", 3);
  }

  private Deployment web() {
    return client.apps().deployments().inNamespace(NS).withName("web").get();
  }

  @Test
  void scaleReturnsThePreviousReplicasAndScalingBackRestoresTheExactObject() {
    Map<String, Object> original = Fixtures.userFields(client, web());

    ScaleResult result = activities.scale(new ScaleRequest(NS, "web", 5));

    assertThat(result.previousReplicas()).isEqualTo(3);
    assertThat(web().getSpec().getReplicas()).isEqualTo(5);

    activities.scale(new ScaleRequest(NS, "web", result.previousReplicas()));

    assertThat(Fixtures.userFields(client, web())).isEqualTo(original);
  }

  @Test
  void scalingToTheCurrentCountSucceedsWithoutWriting() {
    String version = web().getMetadata().getResourceVersion();

    ScaleResult result = activities.scale(new ScaleRequest(NS, "web", 3));

    assertThat(result.previousReplicas()).isEqualTo(3);
    assertThat(web().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void negativeReplicasAreRejectedWithoutRetrying() {
    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "web", -1)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
  }

  @Test
  void scalingAMissingDeploymentFailsWithoutRetrying() {
    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "nope", 2)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .contains("Deployment globeco/nope")
                  .contains("404");
            });
  }

  @Test
  void setImageReturnsThePreviousImageAndSettingItBackRestoresTheExactObject() {
    Map<String, Object> original = Fixtures.userFields(client, web());

    SetImageResult result = activities.setImage(new SetImageRequest(NS, "web", null, "web:2"));

    assertThat(result.container()).isEqualTo("app");
    assertThat(result.previousImage()).isEqualTo("web:1");
    assertThat(web().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("web:2");

    activities.setImage(new SetImageRequest(NS, "web", result.container(), result.previousImage()));

    assertThat(Fixtures.userFields(client, web())).isEqualTo(original);
  }

  @Test
  void setImageWithoutAContainerNameNeedsExactlyOneContainer() {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .add(new ContainerBuilder().withName("istio-proxy").withImage("proxy:1").build());
              return d;
            });

    assertThatThrownBy(() -> activities.setImage(new SetImageRequest(NS, "web", null, "web:2")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("app").contains("istio-proxy");
            });
  }

  @Test
  void setImageOfANamedContainerLeavesTheOthersAlone() {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .add(new ContainerBuilder().withName("istio-proxy").withImage("proxy:1").build());
              return d;
            });

    activities.setImage(new SetImageRequest(NS, "web", "app", "web:2"));

    assertThat(web().getSpec().getTemplate().getSpec().getContainers())
        .extracting(c -> c.getName() + "=" + c.getImage())
        .containsExactly("app=web:2", "istio-proxy=proxy:1");
  }

  @Test
  void setImageOfAnUnknownContainerNamesTheContainersThereAre() {
    assertThatThrownBy(() -> activities.setImage(new SetImageRequest(NS, "web", "sidecar", "x:1")))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("sidecar").contains("[app]");
            });
  }

  @Test
  void setSelectorReturnsThePreviousSelectorAndSettingItBackRestoresTheExactService() {
    Fixtures.createService(client, "web", Map.of("app", "web", "version", "blue"));
    Map<String, Object> original =
        Fixtures.userFields(client, client.services().inNamespace(NS).withName("web").get());

    SelectorResult result =
        activities.setSelector(new SelectorRequest(NS, "web", Map.of("app", "web-green")));

    assertThat(result.previousSelector()).isEqualTo(Map.of("app", "web", "version", "blue"));
    // Replaced, not merged: the old "version" key must not linger.
    assertThat(client.services().inNamespace(NS).withName("web").get().getSpec().getSelector())
        .isEqualTo(Map.of("app", "web-green"));

    activities.setSelector(new SelectorRequest(NS, "web", result.previousSelector()));

    assertThat(Fixtures.userFields(client, client.services().inNamespace(NS).withName("web").get()))
        .isEqualTo(original);
  }

  @Test
  void settingTheSelectorTheServiceAlreadyHasSucceeds() {
    Fixtures.createService(client, "web", Map.of("app", "web"));
    String version =
        client.services().inNamespace(NS).withName("web").get().getMetadata().getResourceVersion();

    SelectorResult result =
        activities.setSelector(new SelectorRequest(NS, "web", Map.of("app", "web")));

    assertThat(result.previousSelector()).isEqualTo(Map.of("app", "web"));
    assertThat(
            client
                .services()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getMetadata()
                .getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void aRetriedScaleReportsTheReplicasBeforeTheFirstAttempt() {
    Fixtures.RecordingHeartbeat firstAttempt = new Fixtures.RecordingHeartbeat();
    new KubernetesActivitiesImpl(client, firstAttempt, Duration.ofMillis(50))
        .scale(new ScaleRequest(NS, "web", 6));

    ScaleResult retried =
        new KubernetesActivitiesImpl(client, firstAttempt.nextAttempt(), Duration.ofMillis(50))
            .scale(new ScaleRequest(NS, "web", 6));

    assertThat(retried.previousReplicas()).isEqualTo(3);
  }
}
