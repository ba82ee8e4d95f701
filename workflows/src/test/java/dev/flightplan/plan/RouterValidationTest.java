package dev.flightplan.plan;

import static dev.flightplan.plan.TestPlans.load;
import static dev.flightplan.plan.TestPlans.replacing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** Each router's own fields: what binds, and the rules validate reports with their paths. */
class RouterValidationTest {
  private static final String ROUTER = "spec.phases[1].steps[1].canary.router";

  private static LoadResult withRouter(String router) {
    return load(replacing("router: { replicas: {} }", "router: " + router));
  }

  private static RouterSpec routerOf(LoadResult result) {
    assertThat(result.errors()).isEmpty();
    Step.Canary canary = (Step.Canary) result.plan().spec().phases().get(1).steps().get(1);
    return canary.router();
  }

  private static void assertSingleError(String router, String path, String message) {
    LoadResult result = withRouter(router);
    assertThat(result.plan()).isNull();
    assertThat(result.errors()).extracting(PlanProblem::path, PlanProblem::message).containsExactly(
        tuple(path, message));
  }

  @Test
  void bindsEveryRouterUnderItsName() {
    assertThat(routerOf(withRouter("{ openshiftRoute: { route: nanopore-auth } }")).name()).isEqualTo("openshiftRoute");
    assertThat(routerOf(withRouter("{ istio: { virtualService: checkout, route: primary } }")).istio().route())
        .isEqualTo("primary");
    assertThat(routerOf(withRouter("{ gatewayApi: { httpRoute: checkout, rule: 1 } }")).gatewayApi().rule())
        .isEqualTo("1");
    assertThat(routerOf(withRouter("{ nginx: { canaryIngress: checkout-canary } }")).name()).isEqualTo("nginx");
    assertThat(routerOf(withRouter("{ argoRollout: { rollout: checkout } }")).name()).isEqualTo("argoRollout");
    RouterSpec webhook = routerOf(withRouter(
        "{ webhook: { url: 'https://gateway.shop/admin/weights', secretRef: GATEWAY_SECRET, timeout: 5s } }"));
    assertThat(webhook.webhook().timeout()).isEqualTo(PlanDuration.ofSeconds(5));
  }

  @Test
  void aRouterMissingItsObjectNameIsAShapeError() {
    assertSingleError("{ openshiftRoute: {} }", ROUTER + ".openshiftRoute.route", "missing required field");
    assertSingleError("{ argoRollout: {} }", ROUTER + ".argoRollout.rollout", "missing required field");
  }

  @Test
  void twoRoutersAreRejected() {
    LoadResult result = withRouter("{ nginx: { canaryIngress: web }, istio: { virtualService: web } }");

    assertThat(result.errors()).extracting(PlanProblem::message).containsExactly("more than one router set: istio, nginx");
  }

  @Test
  void objectNamesMustBeKubernetesNames() {
    assertSingleError(
        "{ gatewayApi: { httpRoute: Checkout_Route } }",
        ROUTER + ".gatewayApi.httpRoute",
        "'Checkout_Route' is not a valid Kubernetes name");
  }

  @Test
  void istioSubsetsNeedTheirHostAndBothSides() {
    assertSingleError(
        "{ istio: { virtualService: checkout, stableSubset: v1, canarySubset: v2 } }",
        ROUTER + ".istio.host",
        "missing: subsets need the host they belong to");
    assertSingleError(
        "{ istio: { virtualService: checkout, host: checkout, stableSubset: v1 } }",
        ROUTER + ".istio.canarySubset",
        "missing: the other side names a subset");
    assertSingleError(
        "{ istio: { virtualService: checkout, host: checkout, stableSubset: v1, canarySubset: v1 } }",
        ROUTER + ".istio.canarySubset",
        "stable and canary name the same subset 'v1'");
  }

  @Test
  void istioHostsAndSubsetsDoNotMix() {
    assertSingleError(
        "{ istio: { virtualService: checkout, host: checkout, stableSubset: v1, canarySubset: v2, canaryHost: x } }",
        ROUTER + ".istio.canaryHost",
        "cannot be combined with subsets");
    assertSingleError(
        "{ istio: { virtualService: checkout, host: checkout } }",
        ROUTER + ".istio.host",
        "host is only used with subsets");
    assertSingleError(
        "{ istio: { virtualService: checkout, stableHost: checkout, canaryHost: checkout } }",
        ROUTER + ".istio.canaryHost",
        "stable and canary destinations have the same host 'checkout'");
  }

  @Test
  void gatewayApiNeedsTwoDifferentServices() {
    assertSingleError(
        "{ gatewayApi: { httpRoute: checkout, canaryService: checkout } }",
        ROUTER + ".gatewayApi.canaryService",
        "stable and canary backends name the same Service 'checkout'");
  }

  @Test
  void aWebhookUrlMustBeHttpAndCarryNoCredential() {
    assertSingleError(
        "{ webhook: { url: 'ftp://gateway.shop/weights', secretRef: GATEWAY_SECRET } }",
        ROUTER + ".webhook.url",
        "'ftp://gateway.shop/weights' is not an http(s) URL");
    assertSingleError(
        "{ webhook: { url: 'https://admin:hunter2@gateway.shop/weights', secretRef: GATEWAY_SECRET } }",
        ROUTER + ".webhook.url",
        "the URL embeds a credential (user info)");
    assertSingleError(
        "{ webhook: { url: 'https://gateway.shop/weights?token=abc', secretRef: GATEWAY_SECRET } }",
        ROUTER + ".webhook.url",
        "the URL embeds a credential (query parameter 'token')");
  }

  @Test
  void aWebhookNeedsTheNameOfItsSigningSecret() {
    assertSingleError(
        "{ webhook: { url: 'https://gateway.shop/weights' } }", ROUTER + ".webhook.secretRef", "missing required field");
    assertSingleError(
        "{ webhook: { url: 'https://gateway.shop/weights', secretRef: 'k3y=+/x9 Qz' } }",
        ROUTER + ".webhook.secretRef",
        "'k3y=…' is not a secret's name");
  }

  @Test
  void thePrintedPlanSaysWhatMovesTheTraffic() {
    assertThat(describe("{ openshiftRoute: { route: nanopore-auth } }"))
        .contains("canary checkout → checkout-v2 via Route nanopore-auth backends: 10% → 50% → 100%");
    assertThat(describe("{ istio: { virtualService: reviews, host: reviews, stableSubset: v1, canarySubset: v2, mirror: true } }"))
        .contains("via VirtualService reviews, subsets v1/v2, mirroring");
    assertThat(describe("{ gatewayApi: { httpRoute: store, rule: api } }")).contains("via HTTPRoute store rule api");
    assertThat(describe("{ nginx: { canaryIngress: web-canary } }")).contains("via NGINX canary Ingress web-canary");
    assertThat(describe("{ argoRollout: { rollout: checkout } }")).contains("via Argo Rollout checkout steps");
    assertThat(describe("{ webhook: { url: 'https://gw.shop/weights', secretRef: GW_SECRET } }"))
        .contains("via gateway webhook https://gw.shop/weights");
  }

  private static String describe(String router) {
    LoadResult result = withRouter(router);
    assertThat(result.errors()).isEmpty();
    return String.join("\n", new PlanPrinter().describe(result.plan()));
  }
}
