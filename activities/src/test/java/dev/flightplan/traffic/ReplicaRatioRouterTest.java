package dev.flightplan.traffic;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.TrafficActivities.TrafficChange;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.kubernetes.ClusterObjects;
import dev.flightplan.kubernetes.Fixtures;
import dev.flightplan.kubernetes.Heartbeat;
import dev.flightplan.plan.RouterSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ReplicaRatioRouterTest {

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  @BeforeEach
  void setUp() {
    traffic =
        new TrafficActivitiesImpl(
            TrafficActivitiesImpl.defaultRouters(new ClusterObjects(client)), Heartbeat.none());
    Fixtures.createDeployment(client, "portfolio", "portfolio:1", 10);
    Fixtures.createDeployment(client, "portfolio-optimized", "portfolio:2", 0);
  }

  private static TrafficRequest request(Integer totalReplicas) {
    RouterSpec router = new RouterSpec(null, new RouterSpec.ReplicasRouter(totalReplicas));
    return new TrafficRequest(NS, router, "portfolio", "portfolio-optimized");
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name).get();
  }

  private int replicas(String name) {
    return deployment(name).getSpec().getReplicas();
  }

  @Test
  void givesTheCanaryItsShareOfTheReplicasAndKeepsTheTotal() {
    TrafficChange change = traffic.setWeight(request(null), 25);

    assertThat(replicas("portfolio-optimized")).isEqualTo(3);
    assertThat(replicas("portfolio")).isEqualTo(7);
    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.after().canaryWeight()).isEqualTo(30);
  }

  @Test
  void walksTheWeightsUpToTheFullShiftWithoutLosingTheTotal() {
    for (int weight : new int[] {10, 25, 50, 100}) {
      traffic.setWeight(request(null), weight);
      assertThat(replicas("portfolio") + replicas("portfolio-optimized")).isEqualTo(10);
    }

    assertThat(replicas("portfolio-optimized")).isEqualTo(10);
    assertThat(replicas("portfolio")).isZero();
  }

  @Test
  void restoreGivesBackBothDeploymentsExactly() {
    Map<String, Object> stable = Fixtures.userFields(client, deployment("portfolio"));
    Map<String, Object> canary = Fixtures.userFields(client, deployment("portfolio-optimized"));
    TrafficChange first = traffic.setWeight(request(null), 10);
    traffic.setWeight(request(null), 50);

    traffic.restore(request(null), first.before());

    assertThat(Fixtures.userFields(client, deployment("portfolio"))).isEqualTo(stable);
    assertThat(Fixtures.userFields(client, deployment("portfolio-optimized"))).isEqualTo(canary);
  }

  @Test
  void settingTheWeightItAlreadyHasWritesNothing() {
    traffic.setWeight(request(null), 50);
    String stableVersion = deployment("portfolio").getMetadata().getResourceVersion();
    String canaryVersion = deployment("portfolio-optimized").getMetadata().getResourceVersion();

    TrafficChange again = traffic.setWeight(request(null), 50);

    assertThat(again.before()).isEqualTo(again.after());
    assertThat(deployment("portfolio").getMetadata().getResourceVersion()).isEqualTo(stableVersion);
    assertThat(deployment("portfolio-optimized").getMetadata().getResourceVersion())
        .isEqualTo(canaryVersion);
  }

  @Test
  void usesTheConfiguredTotal() {
    traffic.setWeight(request(4), 50);

    assertThat(replicas("portfolio")).isEqualTo(2);
    assertThat(replicas("portfolio-optimized")).isEqualTo(2);
  }

  @Test
  void refusesToSplitWhenThereIsNothingToSplit() {
    client.apps().deployments().inNamespace(NS).withName("portfolio").scale(0);

    assertThatThrownBy(() -> traffic.setWeight(request(null), 50))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("totalReplicas");
            });
  }

  @Test
  void aMissingCanaryFailsWithoutRetrying() {
    client.apps().deployments().inNamespace(NS).withName("portfolio-optimized").delete();

    assertThatThrownBy(() -> traffic.setWeight(request(null), 50))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("Deployment globeco/portfolio-optimized");
            });
  }

  @Test
  void aRetriedShiftReturnsTheStateBeforeTheFirstAttempt() {
    Fixtures.RecordingHeartbeat firstAttempt = new Fixtures.RecordingHeartbeat();
    ClusterObjects objects = new ClusterObjects(client);
    new TrafficActivitiesImpl(TrafficActivitiesImpl.defaultRouters(objects), firstAttempt)
        .setWeight(request(null), 50);

    TrafficChange retried =
        new TrafficActivitiesImpl(
                TrafficActivitiesImpl.defaultRouters(objects), firstAttempt.nextAttempt())
            .setWeight(request(null), 50);

    assertThat(retried.before().canaryWeight()).isZero();
    assertThat(retried.after().canaryWeight()).isEqualTo(50);
  }
}
