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
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ServiceSelectorRouterTest {

  private static final Map<String, String> BLUE = Map.of("app", "portfolio", "version", "blue");
  private static final Map<String, String> GREEN = Map.of("app", "portfolio", "version", "green");

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  @BeforeEach
  void setUp() {
    traffic =
        new TrafficActivitiesImpl(
            TrafficActivitiesImpl.defaultRouters(new ClusterObjects(client)), Heartbeat.none());
    Fixtures.createService(client, "portfolio", BLUE);
  }

  private static TrafficRequest request(Map<String, String> stableSelector) {
    RouterSpec router =
        new RouterSpec(new RouterSpec.ServiceRouter("portfolio", stableSelector, GREEN), null);
    return new TrafficRequest(NS, router, "portfolio-blue", "portfolio-green");
  }

  private Service service() {
    return client.services().inNamespace(NS).withName("portfolio").get();
  }

  @Test
  void flipsTheSelectorToTheCanaryAt100AndRestoreGivesBackTheExactService() {
    Map<String, Object> original = Fixtures.userFields(client, service());

    TrafficChange change = traffic.setWeight(request(null), 100);

    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.before().snapshot()).containsEntry("selector", BLUE);
    assertThat(change.after().canaryWeight()).isEqualTo(100);
    assertThat(service().getSpec().getSelector()).isEqualTo(GREEN);

    traffic.restore(request(null), change.before());

    assertThat(Fixtures.userFields(client, service())).isEqualTo(original);
  }

  @Test
  void weightsBelow100KeepTheStableSelectorWithoutWriting() {
    String version = service().getMetadata().getResourceVersion();

    TrafficChange change = traffic.setWeight(request(null), 25);

    assertThat(change.after().canaryWeight()).isZero();
    assertThat(service().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void settingTheWeightItAlreadyHasIsSuccess() {
    traffic.setWeight(request(null), 100);
    String version = service().getMetadata().getResourceVersion();

    TrafficChange again = traffic.setWeight(request(null), 100);

    assertThat(again.before().canaryWeight()).isEqualTo(100);
    assertThat(again.after().canaryWeight()).isEqualTo(100);
    assertThat(service().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void goesBackToTheConfiguredStableSelectorBelow100() {
    traffic.setWeight(request(BLUE), 100);

    TrafficChange back = traffic.setWeight(request(BLUE), 0);

    assertThat(back.after().canaryWeight()).isZero();
    assertThat(service().getSpec().getSelector()).isEqualTo(BLUE);
  }

  @Test
  void cannotGoBackFromTheCanaryWithoutKnowingTheStableSelector() {
    traffic.setWeight(request(null), 100);

    assertThatThrownBy(() -> traffic.setWeight(request(null), 50))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("stableSelector");
            });
  }

  @Test
  void readsTheCurrentWeightWithoutChangingAnything() {
    assertThat(traffic.current(request(null)).canaryWeight()).isZero();
    traffic.setWeight(request(null), 100);
    assertThat(traffic.current(request(null)).canaryWeight()).isEqualTo(100);
  }

  @Test
  void aMissingServiceFailsWithoutRetrying() {
    client.services().inNamespace(NS).withName("portfolio").delete();

    assertThatThrownBy(() -> traffic.setWeight(request(null), 100))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("Service globeco/portfolio");
            });
  }
}
