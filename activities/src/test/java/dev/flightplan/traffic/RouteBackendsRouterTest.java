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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Seed 001's Routes: {@code spec.to} the monolith, the Python service an alternate backend. */
@EnableKubernetesMockClient(crud = true)
class RouteBackendsRouterTest {

  private static final String ROUTE =
      """
      apiVersion: route.openshift.io/v1
      kind: Route
      metadata:
        name: nanopore-auth
        namespace: globeco
        labels: { app: nanopore }
        annotations:
          haproxy.router.openshift.io/balance: roundrobin
      spec:
        host: nanopore.apps.example.org
        path: /api/auth
        to: { kind: Service, name: monolith, weight: 100 }
        port: { targetPort: http }
        tls: { termination: edge, insecureEdgeTerminationPolicy: Redirect }
        wildcardPolicy: None
      status:
        ingress:
          - host: nanopore.apps.example.org
            routerName: default
            conditions: [{ type: Admitted, status: "True" }]
      """;

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  @BeforeEach
  void setUp() {
    traffic = RouterFixtures.traffic(client);
  }

  private static TrafficRequest request() {
    return RouterFixtures.request(
        RouterSpec.of(new RouterSpec.OpenShiftRouteRouter("nanopore-auth", null)),
        "nanopore-monolith",
        "python-auth");
  }

  private Map<String, Object> route() {
    return get(client, RouterObjects.ROUTE, "globeco", "nanopore-auth");
  }

  private Map<String, Object> routeSpec() {
    return JsonMaps.map(route(), "spec");
  }

  @Test
  void addsTheCanaryAsAnAlternateBackendAndRestoreGivesBackTheExactRoute() {
    Map<String, Object> original = RouterFixtures.create(client, RouterObjects.ROUTE, ROUTE);

    TrafficChange change = traffic.setWeight(request(), 10);

    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.after().canaryWeight()).isEqualTo(10);
    assertThat(JsonMaps.at(routeSpec(), "to", "weight")).isEqualTo(90);
    assertThat(JsonMaps.at(routeSpec(), "to", "name")).isEqualTo("monolith");
    assertThat(routeSpec().get("alternateBackends"))
        .isEqualTo(List.of(Map.of("kind", "Service", "name", "python-auth", "weight", 10)));

    traffic.restore(request(), viaHistory(change.before()));

    assertThat(userFields(route())).isEqualTo(userFields(original));
    assertThat(routeSpec()).doesNotContainKey("alternateBackends");
  }

  @Test
  void movesAnExistingAlternateBackendAndRestoresItsWeight() {
    RouterFixtures.create(
        client,
        RouterObjects.ROUTE,
        ROUTE.replace(
            "wildcardPolicy: None",
            "wildcardPolicy: None\n"
                + "  alternateBackends: [{ kind: Service, name: python-auth, weight: 0 }]"));
    Map<String, Object> original = route();

    TrafficChange change = traffic.setWeight(request(), 100);

    assertThat(JsonMaps.at(routeSpec(), "to", "weight")).isEqualTo(0);
    assertThat(JsonMaps.maps(routeSpec(), "alternateBackends"))
        .containsExactly(Map.of("kind", "Service", "name", "python-auth", "weight", 100));
    assertThat(change.after().canaryWeight()).isEqualTo(100);

    traffic.restore(request(), viaHistory(change.before()));

    assertThat(userFields(route())).isEqualTo(userFields(original));
  }

  @Test
  void settingTheWeightItAlreadyHasWritesNothing() {
    RouterFixtures.create(client, RouterObjects.ROUTE, ROUTE);
    traffic.setWeight(request(), 25);
    String version = resourceVersion(route());

    TrafficChange again = traffic.setWeight(request(), 25);

    assertThat(again.before().canaryWeight()).isEqualTo(25);
    assertThat(again.after().canaryWeight()).isEqualTo(25);
    assertThat(resourceVersion(route())).isEqualTo(version);
  }

  @Test
  void readsUnsetWeightsAsOpenShiftsDefaultOf100() {
    RouterFixtures.create(
        client,
        RouterObjects.ROUTE,
        ROUTE
            .replace("weight: 100 }", "}")
            .replace(
                "wildcardPolicy: None",
                "wildcardPolicy: None\n"
                    + "  alternateBackends: [{ kind: Service, name: python-auth }]"));

    assertThat(traffic.current(request()).canaryWeight()).isEqualTo(50);
  }

  @Test
  void refusesToSplitWhenAThirdBackendCarriesTraffic() {
    RouterFixtures.create(
        client,
        RouterObjects.ROUTE,
        ROUTE.replace(
            "wildcardPolicy: None",
            "wildcardPolicy: None\n"
                + "  alternateBackends: [{ kind: Service, name: legacy, weight: 20 }]"));
    String version = resourceVersion(route());

    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("also sends traffic to legacy");
            });
    assertThat(resourceVersion(route())).isEqualTo(version);
  }

  @Test
  void aMissingRouteFailsWithoutRetryingAndSaysWhoNeedsIt() {
    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .contains("Route globeco/nanopore-auth not found")
                  .contains("the openshiftRoute router needs it");
            });
  }
}
