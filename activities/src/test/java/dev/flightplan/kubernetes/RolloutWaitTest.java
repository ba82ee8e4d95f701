package dev.flightplan.kubernetes;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.KubernetesActivities;
import dev.flightplan.activities.KubernetesActivities.RolloutRequest;
import dev.flightplan.activities.KubernetesActivities.RolloutStatus;
import dev.flightplan.simulation.RolloutSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RolloutWaitTest {

  KubernetesClient client;
  Fixtures.RecordingHeartbeat heartbeat;
  KubernetesActivitiesImpl activities;
  RolloutSimulator simulator;

  @BeforeEach
  void setUp() {
    heartbeat = new Fixtures.RecordingHeartbeat();
    activities = new KubernetesActivitiesImpl(client, heartbeat, Duration.ofMillis(50));
    Fixtures.createDeployment(client, "web", "web:1", 3);
  }

  @AfterEach
  void tearDown() {
    if (simulator != null) {
      simulator.close();
    }
  }

  private void status(String json) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  @Test
  void returnsOnceTheSimulatedControllerHasRolledTheDeploymentOut() {
    simulator =
        new RolloutSimulator(
                client,
                RolloutSimulator.Options.defaults().withRolloutDelay(Duration.ofMillis(300)))
            .start();

    RolloutStatus status = activities.awaitRollout(new RolloutRequest(NS, "web", 10_000));

    assertThat(status.deployment()).isEqualTo("web");
    assertThat(status.replicas()).isEqualTo(3);
    assertThat(status.readyReplicas()).isEqualTo(3);
    assertThat(status.updatedReplicas()).isEqualTo(3);
    assertThat(heartbeat.beats).as("heartbeats while waiting").isNotEmpty();
  }

  @Test
  void failsWithoutRetryingWhenTheProgressDeadlineIsExceeded() {
    status(
        """
        {"status":{"observedGeneration":1,"replicas":3,"updatedReplicas":1,"conditions":[
          {"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
           "message":"ReplicaSet \\"web-5d9\\" has timed out progressing."}]}}
        """);

    assertThatThrownBy(() -> activities.awaitRollout(new RolloutRequest(NS, "web", 10_000)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.ROLLOUT_FAILED);
              assertThat(f.getOriginalMessage())
                  .contains("Deployment globeco/web")
                  .contains("has timed out progressing")
                  .contains("updated 1/3");
            });
  }

  @Test
  void failsWithTheReplicaFiguresWhenTheRolloutDoesNotFinishInTime() {
    status(
        "{\"status\":{\"observedGeneration\":1,\"replicas\":3,\"updatedReplicas\":2,\"readyReplicas\":1}}");

    assertThatThrownBy(() -> activities.awaitRollout(new RolloutRequest(NS, "web", 200)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .contains("did not roll out within 200 ms")
                  .contains("updated 2/3")
                  .contains("ready 1/3")
                  .contains("available 0/3");
            });
  }

  @Test
  void aStatusFromBeforeTheLatestChangeDoesNotCountAsRolledOut() {
    status(
        "{\"status\":{\"observedGeneration\":1,\"replicas\":3,\"updatedReplicas\":3,\"readyReplicas\":3,"
            + "\"availableReplicas\":3}}");
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("web:2");
              return d;
            });

    assertThatThrownBy(() -> activities.awaitRollout(new RolloutRequest(NS, "web", 200)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> assertThat(f.getOriginalMessage()).contains("observedGeneration 1 of 2"));
  }

  @Test
  void waitingForAMissingDeploymentFailsWithoutRetrying() {
    assertThatThrownBy(() -> activities.awaitRollout(new RolloutRequest(NS, "nope", 1_000)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
  }

  @Test
  void heartbeatsThroughTemporalWhenRunAsAnActivity() {
    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    try {
      environment.registerActivitiesImplementations(new KubernetesActivitiesImpl(client));
      KubernetesActivities stub = environment.newActivityStub(KubernetesActivities.class);
      java.util.List<String> beats = new java.util.concurrent.CopyOnWriteArrayList<>();
      environment.setActivityHeartbeatListener(String.class, beats::add);
      simulator =
          new RolloutSimulator(
                  client,
                  RolloutSimulator.Options.defaults().withRolloutDelay(Duration.ofMillis(700)))
              .start();

      RolloutStatus status = stub.awaitRollout(new RolloutRequest(NS, "web", 10_000));

      assertThat(status.readyReplicas()).isEqualTo(3);
      assertThat(beats).isNotEmpty().allSatisfy(beat -> assertThat(beat).contains("of 1"));
    } finally {
      environment.close();
    }
  }
}
