package dev.flightplan.kubernetes;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.KubernetesActivities.ScaleRequest;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesErrorsTest {

  private static final String WEB = "/apis/apps/v1/namespaces/globeco/deployments/web";

  KubernetesClient client;
  KubernetesMockServer server;

  /**
   * fabric8 retries 5xx itself with backoff; without its retries the test sees the classification
   * at once.
   */
  KubernetesClient noRetryClient;

  KubernetesActivitiesImpl activities;

  @BeforeEach
  void setUp() {
    noRetryClient =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    activities =
        new KubernetesActivitiesImpl(noRetryClient, Heartbeat.none(), Duration.ofMillis(50));
    Fixtures.createDeployment(client, "web", "web:1", 3);
  }

  @AfterEach
  void tearDown() {
    noRetryClient.close();
  }

  private static String status(int code, String message) {
    return "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":%d,\"message\":\"%s\"}"
        .formatted(code, message);
  }

  @Test
  void aNotFoundFromTheApiFailsWithoutRetryingAndCarriesTheApiMessage() {
    server
        .expect()
        .put()
        .withPath(WEB)
        .andReturn(404, status(404, "deployments.apps \\\"web\\\" not found"))
        .once();

    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "web", 5)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "update Deployment globeco/web: 404 Not Found: deployments.apps \"web\" not"
                          + " found");
            });
  }

  @Test
  void anInvalidChangeFailsWithoutRetryingAndNamesTheField() {
    String invalid =
        """
{"kind":"Status","apiVersion":"v1","status":"Failure","code":422,"reason":"Invalid",
 "message":"Deployment.apps \\"web\\" is invalid",
 "details":{"causes":[{"field":"spec.replicas","message":"must be greater than or equal to 0"}]}}
""";
    server.expect().put().withPath(WEB).andReturn(422, invalid).once();

    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "web", 5)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "update Deployment globeco/web: 422 Unprocessable Entity: Deployment.apps"
                          + " \"web\" is invalid (spec.replicas: must be greater than or equal to"
                          + " 0)");
            });
  }

  @Test
  void aServerErrorIsRetryable() {
    server
        .expect()
        .put()
        .withPath(WEB)
        .andReturn(500, status(500, "etcdserver: request timed out"))
        .always();

    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "web", 5)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.UNAVAILABLE);
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "update Deployment globeco/web: 500 Internal Server Error: etcdserver:"
                          + " request timed out");
            });
  }

  @Test
  void aForbiddenReadFailsWithoutRetrying() {
    server
        .expect()
        .get()
        .withPath(WEB)
        .andReturn(403, status(403, "deployments.apps is forbidden"))
        .always();

    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "web", 5)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .isEqualTo(
                      "get Deployment globeco/web: 403 Forbidden: deployments.apps is forbidden");
            });
  }

  @Test
  void aConflictIsRetriedByReadingAgain() {
    server
        .expect()
        .put()
        .withPath(WEB)
        .andReturn(409, status(409, "the object has been modified"))
        .times(2);

    activities.scale(new ScaleRequest(NS, "web", 5));

    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(5);
  }

  @Test
  void aConflictThatPersistsIsLeftToTemporalToRetry() {
    server
        .expect()
        .put()
        .withPath(WEB)
        .andReturn(409, status(409, "the object has been modified"))
        .always();

    assertThatThrownBy(() -> activities.scale(new ScaleRequest(NS, "web", 5)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.CONFLICT);
              assertThat(f.getOriginalMessage())
                  .startsWith("update Deployment globeco/web: 409 Conflict");
            });
  }

  @Test
  void anUnreachableClusterIsRetryable() {
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withConnectionTimeout(1_000)
                    .build())
            .build()) {
      KubernetesActivitiesImpl offline =
          new KubernetesActivitiesImpl(unreachable, Heartbeat.none(), Duration.ofMillis(50));

      assertThatThrownBy(() -> offline.scale(new ScaleRequest(NS, "web", 5)))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isFalse();
                assertThat(f.getType()).isEqualTo(KubernetesErrors.UNAVAILABLE);
                assertThat(f.getOriginalMessage())
                    .startsWith("get Deployment globeco/web: ")
                    .contains("Connection refused");
              });
    }
  }
}
