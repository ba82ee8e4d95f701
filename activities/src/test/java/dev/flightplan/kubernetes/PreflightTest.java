package dev.flightplan.kubernetes;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.KubernetesActivities.AccessCheck;
import dev.flightplan.activities.KubernetesActivities.PreflightRequest;
import dev.flightplan.activities.KubernetesActivities.PreflightResult;
import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class PreflightTest {

  private static final String SSAR_PATH = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final AccessCheck PATCH_DEPLOYMENTS =
      new AccessCheck("patch", "apps", "deployments");

  KubernetesClient client;
  KubernetesMockServer server;
  KubernetesActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    activities = new KubernetesActivitiesImpl(client, Heartbeat.none(), Duration.ofMillis(50));
  }

  private static ObjectRef deployment(String name) {
    return new ObjectRef("apps/v1", "Deployment", NS, name);
  }

  private static String review(boolean allowed, String reason) {
    return """
{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview",
 "spec":{"resourceAttributes":{"namespace":"globeco","verb":"patch","group":"apps","resource":"deployments"}},
 "status":{"allowed":%s,"reason":"%s"}}
"""
        .formatted(allowed, reason);
  }

  @Test
  void passesWhenTheNamespaceAndEveryObjectExist() {
    Fixtures.namespace(client);
    Fixtures.createDeployment(client, "globeco-portfolio-service", "p:1", 2);

    PreflightResult result =
        activities.preflight(
            new PreflightRequest(NS, List.of(deployment("globeco-portfolio-service")), List.of()));

    assertThat(result.problems()).isEmpty();
    assertThat(result.checked())
        .contains(
            "namespace globeco exists", "Deployment globeco/globeco-portfolio-service exists");
  }

  @Test
  void listsEveryMissingThingInOneAnswer() {
    PreflightResult result =
        activities.preflight(
            new PreflightRequest(NS, List.of(deployment("x"), deployment("y")), List.of()));

    assertThat(result.problems())
        .containsExactly(
            "namespace globeco not found",
            "Deployment globeco/x not found",
            "Deployment globeco/y not found");
  }

  @Test
  void reportsAVerbTheWorkerMayNotUse() {
    Fixtures.namespace(client);
    server
        .expect()
        .post()
        .withPath(SSAR_PATH)
        .andReturn(201, review(false, "no RBAC policy matched"))
        .always();

    PreflightResult result =
        activities.preflight(new PreflightRequest(NS, List.of(), List.of(PATCH_DEPLOYMENTS)));

    assertThat(result.problems())
        .containsExactly(
            "not allowed to patch apps/deployments in globeco: no RBAC policy matched");
  }

  @Test
  void recordsAVerbTheWorkerMayUse() {
    Fixtures.namespace(client);
    server.expect().post().withPath(SSAR_PATH).andReturn(201, review(true, "")).always();

    PreflightResult result =
        activities.preflight(new PreflightRequest(NS, List.of(), List.of(PATCH_DEPLOYMENTS)));

    assertThat(result.problems()).isEmpty();
    assertThat(result.checked()).contains("patch apps/deployments in globeco: allowed");
  }

  @Test
  void aServerThatGivesNoAccessDecisionIsRecordedAsUnverifiedNotAsAProblem() {
    // fabric8's mock server in CRUD mode stores the review and echoes it back without a status.
    Fixtures.namespace(client);

    PreflightResult result =
        activities.preflight(new PreflightRequest(NS, List.of(), List.of(PATCH_DEPLOYMENTS)));

    assertThat(result.problems()).isEmpty();
    assertThat(result.checked())
        .anySatisfy(line -> assertThat(line).contains("cannot verify RBAC here"));
  }

  @Test
  void aServerWithoutSelfSubjectAccessReviewIsRecordedAsUnverified() {
    Fixtures.namespace(client);
    server
        .expect()
        .post()
        .withPath(SSAR_PATH)
        .andReturn(404, "{\"kind\":\"Status\",\"code\":404}")
        .always();

    PreflightResult result =
        activities.preflight(new PreflightRequest(NS, List.of(), List.of(PATCH_DEPLOYMENTS)));

    assertThat(result.problems()).isEmpty();
    assertThat(result.checked())
        .contains(
            "patch apps/deployments in globeco: cannot verify RBAC here (SelfSubjectAccessReview"
                + " not served)");
  }

  @Test
  void anObjectTheWorkerMayNotReadIsAProblem() {
    Fixtures.namespace(client);
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/globeco/deployments/secret-app")
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"code\":403,\"message\":\"deployments.apps \\\"secret-app\\\" is"
                + " forbidden: User \\\"flightplan\\\" cannot get resource\"}")
        .always();

    PreflightResult result =
        activities.preflight(
            new PreflightRequest(NS, List.of(deployment("secret-app")), List.of()));

    assertThat(result.problems())
        .singleElement()
        .asString()
        .contains("get Deployment globeco/secret-app: 403 Forbidden")
        .contains("cannot get resource");
  }

  @Test
  void aNamespaceTheWorkerMayNotReadIsUnverifiedNotMissing() {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/globeco")
        .andReturn(
            403, "{\"kind\":\"Status\",\"code\":403,\"message\":\"namespaces is forbidden\"}")
        .always();

    PreflightResult result = activities.preflight(new PreflightRequest(NS, List.of(), List.of()));

    assertThat(result.problems()).isEmpty();
    assertThat(result.checked())
        .singleElement()
        .asString()
        .contains("cannot verify")
        .contains("403 Forbidden");
  }

  @Test
  void acceptsARequestWithoutObjectsOrVerbs() {
    Fixtures.namespace(client);

    assertThat(activities.preflight(new PreflightRequest(NS, null, null)).problems()).isEmpty();
  }
}
