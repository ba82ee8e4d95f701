package dev.flightplan.traffic;

import static dev.flightplan.traffic.NginxCanaryRouter.CANARY;
import static dev.flightplan.traffic.NginxCanaryRouter.WEIGHT;
import static dev.flightplan.traffic.RouterFixtures.get;
import static dev.flightplan.traffic.RouterFixtures.resourceVersion;
import static dev.flightplan.traffic.RouterFixtures.userFields;
import static dev.flightplan.traffic.RouterFixtures.viaHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.TrafficActivities.TrafficChange;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.kubernetes.JsonMaps;
import dev.flightplan.kubernetes.KubernetesErrors;
import dev.flightplan.plan.RouterSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NginxCanaryRouterTest {

  private static final String CANARY_INGRESS =
      """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web-canary
        namespace: globeco
        annotations:
          nginx.ingress.kubernetes.io/canary: "true"
          nginx.ingress.kubernetes.io/canary-weight: "0"
          nginx.ingress.kubernetes.io/proxy-body-size: 8m
      spec:
        ingressClassName: nginx
        rules:
          - host: web.example.com
            http:
              paths:
                - path: /
                  pathType: Prefix
                  backend: { service: { name: web-canary, port: { number: 80 } } }
      """;

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  @BeforeEach
  void setUp() {
    traffic = RouterFixtures.traffic(client);
  }

  private static TrafficRequest request() {
    return RouterFixtures.request(
        RouterSpec.of(new RouterSpec.NginxRouter("web-canary")), "web", "web-canary");
  }

  private Map<String, Object> ingress() {
    return get(client, RouterObjects.INGRESS, "globeco", "web-canary");
  }

  private Map<String, Object> annotations() {
    return JsonMaps.map(JsonMaps.map(ingress(), "metadata"), "annotations");
  }

  @Test
  void setsTheCanaryWeightAnnotationAndRestoreGivesBackTheExactIngress() {
    Map<String, Object> original =
        RouterFixtures.create(client, RouterObjects.INGRESS, CANARY_INGRESS);

    TrafficChange change = traffic.setWeight(request(), 30);

    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.after().canaryWeight()).isEqualTo(30);
    assertThat(annotations())
        .containsEntry(CANARY, "true")
        .containsEntry(WEIGHT, "30")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "8m");

    traffic.restore(request(), viaHistory(change.before()));

    assertThat(userFields(ingress())).isEqualTo(userFields(original));
  }

  @Test
  void keepsTheIngressACanaryAtFullWeightAt100() {
    RouterFixtures.create(client, RouterObjects.INGRESS, CANARY_INGRESS);

    traffic.setWeight(request(), 100);

    assertThat(annotations()).containsEntry(CANARY, "true").containsEntry(WEIGHT, "100");
  }

  @Test
  void anIngressWithoutCanaryAnnotationsGetsThemAndLosesThemAgainOnRestore() {
    Map<String, Object> original =
        RouterFixtures.create(
            client,
            RouterObjects.INGRESS,
            CANARY_INGRESS
                .replace("  annotations:\n", "")
                .replace("    nginx.ingress.kubernetes.io/canary: \"true\"\n", "")
                .replace("    nginx.ingress.kubernetes.io/canary-weight: \"0\"\n", "")
                .replace("    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n", ""));
    assertThat(JsonMaps.at(original, "metadata", "annotations")).isIn(null, Map.of());

    TrafficChange change = traffic.setWeight(request(), 5);
    assertThat(annotations()).containsEntry(CANARY, "true").containsEntry(WEIGHT, "5");

    traffic.restore(request(), viaHistory(change.before()));

    assertThat(userFields(ingress())).isEqualTo(userFields(original));
  }

  @Test
  void scalesTheWeightToACustomWeightTotal() {
    RouterFixtures.create(
        client,
        RouterObjects.INGRESS,
        CANARY_INGRESS.replace(
            "proxy-body-size: 8m",
            "proxy-body-size: 8m\n    nginx.ingress.kubernetes.io/canary-weight-total: \"1000\""));

    TrafficChange change = traffic.setWeight(request(), 25);

    assertThat(annotations()).containsEntry(WEIGHT, "250");
    assertThat(change.after().canaryWeight()).isEqualTo(25);
  }

  @Test
  void settingTheWeightItAlreadyHasWritesNothing() {
    RouterFixtures.create(client, RouterObjects.INGRESS, CANARY_INGRESS);
    traffic.setWeight(request(), 50);
    String version = resourceVersion(ingress());

    TrafficChange again = traffic.setWeight(request(), 50);

    assertThat(again.before().canaryWeight()).isEqualTo(50);
    assertThat(resourceVersion(ingress())).isEqualTo(version);
  }

  @Test
  void aMissingCanaryIngressFailsWithoutRetrying() {
    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .contains("Ingress globeco/web-canary not found")
                  .contains("nginx router");
            });
  }
}
