package dev.flightplan.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.KubernetesActivities.PreflightRequest;
import dev.flightplan.activities.KubernetesActivities.PreflightResult;
import dev.flightplan.activities.ObjectRef;
import dev.flightplan.kubernetes.KubernetesActivitiesImpl;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Preflight finds router objects of custom kinds, and names the router that needs a missing one.
 */
@EnableKubernetesMockClient(crud = true)
class RouterObjectsPreflightTest {

  KubernetesClient client;

  @Test
  void reportsAMissingRouterObjectWithTheRouterThatNeedsItAndFindsThoseThatExist() {
    RouterFixtures.create(
        client,
        RouterObjects.ROLLOUT,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: { name: checkout, namespace: globeco }
        spec: { strategy: { canary: { steps: [{ setWeight: 20 }] } } }
        """);
    ObjectRef route = new ObjectRef("route.openshift.io/v1", "Route", "globeco", "web");
    ObjectRef rollout = new ObjectRef("argoproj.io/v1alpha1", "Rollout", "globeco", "checkout");

    PreflightResult result =
        new KubernetesActivitiesImpl(client)
            .preflight(
                new PreflightRequest(
                    null,
                    List.of(route, rollout),
                    List.of(),
                    Map.of(
                        route.toString(), "the openshiftRoute router needs it",
                        rollout.toString(), "the argoRollout router needs it")));

    assertThat(result.problems())
        .containsExactly("Route globeco/web not found: the openshiftRoute router needs it");
    assertThat(result.checked()).contains("Rollout globeco/checkout exists");
  }
}
