package dev.flightplan.migration;

import static dev.flightplan.testing.TestPlans.phase;
import static dev.flightplan.testing.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.KubernetesActivities.AccessCheck;
import dev.flightplan.activities.ObjectRef;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.RouterSpec;
import dev.flightplan.plan.Step;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Preflight knows each router's object and verbs, and says which router needs a missing object. */
class RouterPreflightTest {

  private final List<ObjectRef> mustExist = new ArrayList<>();
  private final Map<String, String> neededBy = new LinkedHashMap<>();
  private final Set<AccessCheck> access = new LinkedHashSet<>();

  private static Step.Canary canaryVia(RouterSpec router) {
    return new Step.Canary(
        "nanopore-monolith",
        "python-auth",
        router,
        List.of(10, 100),
        new Step.ObserveSettings(PlanDuration.parse("1h"), PlanDuration.parse("1m")));
  }

  private void collect(RouterSpec router) {
    PreflightNeeds.collect(canaryVia(router), "nanopore", mustExist, neededBy, access);
  }

  @Test
  void anOpenShiftRouteMustExistAndBeReadableAndUpdatable() {
    collect(RouterSpec.of(new RouterSpec.OpenShiftRouteRouter("nanopore-auth", null)));

    ObjectRef route = new ObjectRef("route.openshift.io/v1", "Route", "nanopore", "nanopore-auth");
    assertThat(mustExist)
        .containsExactly(new ObjectRef("apps/v1", "Deployment", "nanopore", "nanopore-monolith"), route);
    assertThat(neededBy).containsExactly(Map.entry("Route nanopore/nanopore-auth", "the openshiftRoute router needs it"));
    assertThat(access)
        .contains(
            new AccessCheck("get", "route.openshift.io", "routes"),
            new AccessCheck("update", "route.openshift.io", "routes"));
  }

  @Test
  void eachMeshAndGatewayRouterNamesItsObjectWithItsApiVersion() {
    collect(RouterSpec.of(new RouterSpec.IstioRouter("auth", null, null, null, null, null, null, null)));
    collect(RouterSpec.of(new RouterSpec.GatewayApiRouter("auth", null, null, null)));
    collect(RouterSpec.of(new RouterSpec.NginxRouter("auth-canary")));

    assertThat(mustExist)
        .extracting(ref -> ref.apiVersion() + " " + ref)
        .containsExactly(
            "apps/v1 Deployment nanopore/nanopore-monolith",
            "networking.istio.io/v1 VirtualService nanopore/auth",
            "gateway.networking.k8s.io/v1 HTTPRoute nanopore/auth",
            "networking.k8s.io/v1 Ingress nanopore/auth-canary");
    assertThat(access)
        .contains(
            new AccessCheck("update", "networking.istio.io", "virtualservices"),
            new AccessCheck("update", "gateway.networking.k8s.io", "httproutes"),
            new AccessCheck("update", "networking.k8s.io", "ingresses"));
  }

  @Test
  void anArgoRolloutNeedsNoStableDeploymentButItsStatusSubresource() {
    collect(RouterSpec.of(new RouterSpec.ArgoRolloutRouter("auth")));

    assertThat(mustExist).containsExactly(new ObjectRef("argoproj.io/v1alpha1", "Rollout", "nanopore", "auth"));
    assertThat(access)
        .containsExactlyInAnyOrder(
            new AccessCheck("get", "argoproj.io", "rollouts"),
            new AccessCheck("update", "argoproj.io", "rollouts"),
            new AccessCheck("update", "argoproj.io", "rollouts/status"));
  }

  @Test
  void aWebhookNeedsNothingFromTheCluster() {
    collect(RouterSpec.of(new RouterSpec.WebhookRouter("https://gateway.nanopore/weights", "GATEWAY_SECRET", null)));

    assertThat(mustExist).isEmpty();
    assertThat(access).isEmpty();
  }

  @Test
  void aMissingRouteFailsPreflightNamingTheRouterThatNeedsIt() {
    MigrationHarness harness = new MigrationHarness();
    try {
      TestPlans.seedCluster(harness.cluster);
      Step.Canary canary =
          new Step.Canary(
              "web-blue",
              "web-green",
              RouterSpec.of(new RouterSpec.OpenShiftRouteRouter("web", null)),
              List.of(100),
              null);

      MigrationResult result =
          harness.result(harness.start(plan("web-route", List.of(), phase("shift", new Step.Preflight(), canary))));

      assertThat(result.state()).isEqualTo(MigrationState.ROLLED_BACK);
      assertThat(result.summary()).contains("Route default/web not found: the openshiftRoute router needs it");
      assertThat(harness.calls.all()).noneMatch(call -> call.startsWith("setWeight"));
    } finally {
      harness.close();
    }
  }
}
