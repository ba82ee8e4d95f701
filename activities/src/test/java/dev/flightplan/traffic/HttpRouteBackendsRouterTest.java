package dev.flightplan.traffic;

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
import dev.flightplan.plan.RouterSpec.GatewayApiRouter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class HttpRouteBackendsRouterTest {

  private static final String HTTP_ROUTE =
      """
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: platform
        namespace: globeco
      spec:
        parentRefs: [{ name: api-gateway, sectionName: https }]
        hostnames: [api.pyairtable.example.org]
        rules:
          - name: health
            matches: [{ path: { type: PathPrefix, value: /healthz } }]
            backendRefs: [{ name: user-service, port: 8080 }]
          - name: users
            matches: [{ path: { type: PathPrefix, value: /api/v1/users } }]
            filters:
              - type: RequestHeaderModifier
                requestHeaderModifier: { add: [{ name: X-Route, value: users }] }
            backendRefs:
              - { group: "", kind: Service, name: user-service, port: 8080 }
      """;

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  @BeforeEach
  void setUp() {
    traffic = RouterFixtures.traffic(client);
  }

  private static TrafficRequest request(String rule) {
    return RouterFixtures.request(
        RouterSpec.of(new GatewayApiRouter("platform", rule, null, null)),
        "user-service",
        "pyairtable-platform");
  }

  private Map<String, Object> httpRoute() {
    return get(client, RouterObjects.HTTP_ROUTE, "globeco", "platform");
  }

  private List<Map<String, Object>> backendRefs(int rule) {
    return JsonMaps.maps(
        JsonMaps.maps(JsonMaps.map(httpRoute(), "spec"), "rules").get(rule), "backendRefs");
  }

  @Test
  void addsTheCanaryBackendInTheNamedRuleAndRestoreGivesBackTheExactHttpRoute() {
    Map<String, Object> original =
        RouterFixtures.create(client, RouterObjects.HTTP_ROUTE, HTTP_ROUTE);

    TrafficChange change = traffic.setWeight(request("users"), 10);

    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.after().canaryWeight()).isEqualTo(10);
    assertThat(backendRefs(1))
        .containsExactly(
            Map.of(
                "group", "", "kind", "Service", "name", "user-service", "port", 8080, "weight", 90),
            Map.of(
                "group",
                "",
                "kind",
                "Service",
                "name",
                "pyairtable-platform",
                "port",
                8080,
                "weight",
                10));
    assertThat(backendRefs(0)).containsExactly(Map.of("name", "user-service", "port", 8080));

    traffic.restore(request("users"), viaHistory(change.before()));

    assertThat(userFields(httpRoute())).isEqualTo(userFields(original));
  }

  @Test
  void findsTheRuleByIndexAndReadsUnsetWeightsAsOne() {
    RouterFixtures.create(
        client,
        RouterObjects.HTTP_ROUTE,
        HTTP_ROUTE.replace(
            "backendRefs: [{ name: user-service, port: 8080 }]",
            "backendRefs: [{ name: user-service, port: 8080 }, { name: pyairtable-platform, port:"
                + " 8080 }]"));

    assertThat(traffic.current(request("0")).canaryWeight()).isEqualTo(50);

    traffic.setWeight(request("0"), 100);

    assertThat(backendRefs(0))
        .extracting(b -> b.get("name") + "=" + b.get("weight"))
        .containsExactly("user-service=0", "pyairtable-platform=100");
  }

  @Test
  void settingTheWeightItAlreadyHasWritesNothing() {
    RouterFixtures.create(client, RouterObjects.HTTP_ROUTE, HTTP_ROUTE);
    traffic.setWeight(request("users"), 50);
    String version = resourceVersion(httpRoute());

    TrafficChange again = traffic.setWeight(request("users"), 50);

    assertThat(again.before().canaryWeight()).isEqualTo(50);
    assertThat(resourceVersion(httpRoute())).isEqualTo(version);
  }

  @Test
  void aRuleThatDoesNotExistIsBadInput() {
    RouterFixtures.create(client, RouterObjects.HTTP_ROUTE, HTTP_ROUTE);

    assertThatThrownBy(() -> traffic.setWeight(request("tenants"), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("no rule named 'tenants'")
                  .contains("[health, users]");
            });
    assertThatThrownBy(() -> traffic.setWeight(request("5"), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("rule 5 does not exist"));
  }

  @Test
  void aMissingHttpRouteFailsWithoutRetrying() {
    assertThatThrownBy(() -> traffic.setWeight(request("users"), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .contains("HTTPRoute globeco/platform not found")
                  .contains("gatewayApi router");
            });
  }
}
