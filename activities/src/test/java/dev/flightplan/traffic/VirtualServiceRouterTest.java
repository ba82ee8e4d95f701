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
import dev.flightplan.plan.RouterSpec.IstioRouter;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class VirtualServiceRouterTest {

  /** Two http routes: an admin route first, the one the canary moves second. */
  private static final String VIRTUAL_SERVICE =
      """
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: globeco
spec:
  hosts: [reviews.globeco.svc.cluster.local]
  gateways: [mesh]
  http:
    - name: admin
      match: [{ uri: { prefix: /admin } }]
      route:
        - destination: { host: reviews-admin }
    - name: primary
      retries: { attempts: 3, perTryTimeout: 2s }
      route:
        - destination: { host: reviews.globeco.svc.cluster.local, subset: v1, port: { number: 9080 } }
          weight: 100
""";

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  @BeforeEach
  void setUp() {
    traffic = RouterFixtures.traffic(client);
  }

  private static TrafficRequest bySubset(String route, Boolean mirror) {
    return RouterFixtures.request(
        RouterSpec.of(new IstioRouter("reviews", route, "reviews", null, null, "v1", "v2", mirror)),
        "reviews-v1",
        "reviews-v2");
  }

  private Map<String, Object> virtualService() {
    return get(client, RouterObjects.VIRTUAL_SERVICE, "globeco", "reviews");
  }

  private Map<String, Object> http(int index) {
    return JsonMaps.maps(JsonMaps.map(virtualService(), "spec"), "http").get(index);
  }

  @Test
  void splitsTheNamedRouteBetweenSubsetsAndRestoreGivesBackTheExactVirtualService() {
    Map<String, Object> original =
        RouterFixtures.create(client, RouterObjects.VIRTUAL_SERVICE, VIRTUAL_SERVICE);

    TrafficChange change = traffic.setWeight(bySubset("primary", null), 25);

    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.after().canaryWeight()).isEqualTo(25);
    assertThat(http(1).get("route"))
        .isEqualTo(
            List.of(
                Map.of(
                    "destination",
                    Map.of(
                        "host",
                        "reviews.globeco.svc.cluster.local",
                        "subset",
                        "v1",
                        "port",
                        Map.of("number", 9080)),
                    "weight",
                    75),
                Map.of(
                    "destination",
                    Map.of("host", "reviews", "subset", "v2", "port", Map.of("number", 9080)),
                    "weight",
                    25)));
    assertThat(http(0)).isEqualTo(JsonMaps.maps(JsonMaps.map(original, "spec"), "http").get(0));

    traffic.restore(bySubset("primary", null), viaHistory(change.before()));

    assertThat(userFields(virtualService())).isEqualTo(userFields(original));
  }

  @Test
  void usesTheFirstHttpRouteAndTheStepsNamesAsHostsByDefault() {
    RouterFixtures.create(client, RouterObjects.VIRTUAL_SERVICE, VIRTUAL_SERVICE);
    TrafficRequest request =
        RouterFixtures.request(
            RouterSpec.of(new IstioRouter("reviews", null, null, null, null, null, null, null)),
            "reviews-admin",
            "reviews-admin-v2");

    traffic.setWeight(request, 50);

    assertThat(JsonMaps.maps(http(0), "route"))
        .extracting(d -> JsonMaps.at(d, "destination", "host") + "=" + d.get("weight"))
        .containsExactly("reviews-admin=50", "reviews-admin-v2=50");
  }

  @Test
  void mirrorsAShareOfRequestsToTheCanaryWithoutMovingLiveTraffic() {
    Map<String, Object> original =
        RouterFixtures.create(client, RouterObjects.VIRTUAL_SERVICE, VIRTUAL_SERVICE);

    TrafficChange change = traffic.setWeight(bySubset("primary", true), 40);

    assertThat(change.after().canaryWeight()).isEqualTo(40);
    assertThat(http(1).get("route"))
        .isEqualTo(JsonMaps.maps(JsonMaps.map(original, "spec"), "http").get(1).get("route"));
    assertThat(http(1).get("mirror"))
        .isEqualTo(Map.of("host", "reviews", "subset", "v2", "port", Map.of("number", 9080)));
    assertThat(JsonMaps.at(http(1), "mirrorPercentage", "value")).isEqualTo(40.0);

    traffic.restore(bySubset("primary", true), viaHistory(change.before()));

    assertThat(userFields(virtualService())).isEqualTo(userFields(original));
  }

  @Test
  void settingTheWeightItAlreadyHasWritesNothing() {
    RouterFixtures.create(client, RouterObjects.VIRTUAL_SERVICE, VIRTUAL_SERVICE);
    traffic.setWeight(bySubset("primary", null), 10);
    String version = resourceVersion(virtualService());

    TrafficChange again = traffic.setWeight(bySubset("primary", null), 10);

    assertThat(again.before().canaryWeight()).isEqualTo(10);
    assertThat(resourceVersion(virtualService())).isEqualTo(version);
  }

  @Test
  void anUnknownHttpRouteNameIsBadInputListingTheNames() {
    RouterFixtures.create(client, RouterObjects.VIRTUAL_SERVICE, VIRTUAL_SERVICE);

    assertThatThrownBy(() -> traffic.setWeight(bySubset("primery", null), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("no http route named 'primery'")
                  .contains("[admin, primary]");
            });
  }

  @Test
  void aRouteWithoutTheStableDestinationIsBadInput() {
    RouterFixtures.create(client, RouterObjects.VIRTUAL_SERVICE, VIRTUAL_SERVICE);
    TrafficRequest wrongSubset =
        RouterFixtures.request(
            RouterSpec.of(
                new IstioRouter("reviews", "primary", "reviews", null, null, "v0", "v2", null)),
            "reviews-v0",
            "reviews-v2");

    assertThatThrownBy(() -> traffic.setWeight(wrongSubset, 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("no destination for the stable side");
            });
  }

  @Test
  void aMissingVirtualServiceFailsWithoutRetrying() {
    assertThatThrownBy(() -> traffic.setWeight(bySubset("primary", null), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .contains("VirtualService globeco/reviews not found")
                  .contains("istio router");
            });
  }
}
