package dev.flightplan.traffic;

import static dev.flightplan.traffic.RouterFixtures.get;
import static dev.flightplan.traffic.RouterFixtures.resourceVersion;
import static dev.flightplan.traffic.RouterFixtures.userFields;
import static dev.flightplan.traffic.RouterFixtures.viaHistory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.TrafficActivities.TrafficChange;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.ClusterObjects;
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

@EnableKubernetesMockClient(crud = true)
class RolloutStepsRouterTest {

  /** Mid-canary: Argo has run {@code setWeight: 20} and waits at the indefinite pause. */
  private static final String ROLLOUT =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Rollout
      metadata:
        name: checkout
        namespace: globeco
      spec:
        replicas: 5
        revisionHistoryLimit: 3
        selector: { matchLabels: { app: checkout } }
        template:
          metadata: { labels: { app: checkout } }
          spec:
            containers: [{ name: checkout, image: "registry.example.org/checkout:2.4.0" }]
        strategy:
          canary:
            canaryService: checkout-canary
            stableService: checkout-stable
            trafficRouting:
              nginx: { stableIngress: checkout }
            steps:
              - setWeight: 20
              - pause: {}
              - setWeight: 50
              - pause: { duration: 1h }
      status:
        currentPodHash: 6d9f8b7c5
        stableRS: 5c8d7f6b4
        currentStepIndex: 1
        currentStepHash: 7b9c6d5f8
        controllerPause: true
        pauseConditions: [{ reason: CanaryPauseStep, startTime: "2025-03-01T10:00:00Z" }]
        canary:
          weights:
            canary: { podTemplateHash: 6d9f8b7c5, serviceName: checkout-canary, weight: 20 }
            stable: { podTemplateHash: 5c8d7f6b4, serviceName: checkout-stable, weight: 80 }
        phase: Paused
      """;

  KubernetesClient client;
  TrafficActivitiesImpl traffic;

  /**
   * Plays Argo's controller after each write: runs the steps from the first up to the first
   * indefinite pause and reports the weight it set, 0 when aborted.
   */
  private final class PlayingArgo implements Router {
    private final RolloutStepsRouter router = new RolloutStepsRouter(new ClusterObjects(client));

    @Override
    public String name() {
      return router.name();
    }

    @Override
    public TrafficState read(TrafficRequest request) {
      return router.read(request);
    }

    @Override
    public void write(TrafficRequest request, int canaryWeight) {
      router.write(request, canaryWeight);
      reconcile();
    }

    @Override
    public void restore(TrafficRequest request, TrafficState before) {
      router.restore(request, before);
      reconcile();
    }

    @Override
    public boolean reached(TrafficRequest request, TrafficState state, int canaryWeight) {
      return router.reached(request, state, canaryWeight);
    }
  }

  private void reconcile() {
    Map<String, Object> rollout = rollout();
    List<Map<String, Object>> steps =
        JsonMaps.maps(
            JsonMaps.map(JsonMaps.map(JsonMaps.map(rollout, "spec"), "strategy"), "canary"),
            "steps");
    Map<String, Object> status = JsonMaps.child(rollout, "status");
    int weight = 0;
    int index = 0;
    for (; index < steps.size(); index++) {
      Map<String, Object> step = steps.get(index);
      if (step.get("setWeight") instanceof Number w) {
        weight = w.intValue();
      }
      if (step.get("pause") instanceof Map<?, ?> pause && !pause.containsKey("duration")) {
        break;
      }
    }
    if (index == steps.size()) {
      weight = 100;
    }
    if (Boolean.TRUE.equals(status.get("abort"))) {
      weight = 0;
    }
    status.put("currentStepIndex", index);
    Map<String, Object> weights = JsonMaps.child(JsonMaps.child(status, "canary"), "weights");
    JsonMaps.child(weights, "canary").put("weight", weight);
    JsonMaps.child(weights, "stable").put("weight", 100 - weight);
    RouterFixtures.setStatus(client, RouterObjects.ROLLOUT, rollout);
  }

  @BeforeEach
  void setUp() {
    traffic = RouterFixtures.traffic(new PlayingArgo());
  }

  private static TrafficRequest request() {
    return RouterFixtures.request(
        RouterSpec.of(new RouterSpec.ArgoRolloutRouter("checkout")),
        "checkout-stable",
        "checkout-canary");
  }

  private Map<String, Object> rollout() {
    return get(client, RouterObjects.ROLLOUT, "globeco", "checkout");
  }

  private Object steps() {
    return JsonMaps.at(
        JsonMaps.map(JsonMaps.map(rollout(), "spec"), "strategy"), "canary", "steps");
  }

  @Test
  void replacesTheStepsWithTheWeightAndAPauseAndRestoreGivesBackTheExactSpec() {
    Map<String, Object> original = RouterFixtures.create(client, RouterObjects.ROLLOUT, ROLLOUT);

    TrafficChange change = traffic.setWeight(request(), 50);

    assertThat(change.before().canaryWeight()).isEqualTo(20);
    assertThat(change.after().canaryWeight()).isEqualTo(50);
    assertThat(steps()).isEqualTo(List.of(Map.of("setWeight", 50), Map.of("pause", Map.of())));

    traffic.restore(request(), viaHistory(change.before()));

    assertThat(userFields(rollout())).isEqualTo(userFields(original));
    assertThat(JsonMaps.at(rollout(), "status", "abort")).isNull();
  }

  @Test
  void holdsAtFullWeightWithoutPromotingAt100() {
    RouterFixtures.create(client, RouterObjects.ROLLOUT, ROLLOUT);

    TrafficChange change = traffic.setWeight(request(), 100);

    assertThat(change.after().canaryWeight()).isEqualTo(100);
    assertThat(steps()).isEqualTo(List.of(Map.of("setWeight", 100), Map.of("pause", Map.of())));
  }

  @Test
  void resumesAnAbortedOrPausedRolloutAndRestorePutsBothBack() {
    RouterFixtures.create(
        client,
        RouterObjects.ROLLOUT,
        ROLLOUT
            .replace("  replicas: 5", "  replicas: 5\n  paused: true")
            .replace("  phase: Paused", "  phase: Degraded\n  abort: true"));
    reconcile();
    Map<String, Object> original = rollout();

    TrafficChange change = traffic.setWeight(request(), 10);

    assertThat(change.before().canaryWeight()).isZero();
    assertThat(change.after().canaryWeight()).isEqualTo(10);
    assertThat(JsonMaps.at(rollout(), "spec", "paused")).isEqualTo(false);
    assertThat(JsonMaps.at(rollout(), "status", "abort")).isEqualTo(false);

    traffic.restore(request(), viaHistory(change.before()));

    assertThat(userFields(rollout())).isEqualTo(userFields(original));
    assertThat(JsonMaps.at(rollout(), "status", "abort")).isEqualTo(true);
  }

  @Test
  void aWeightTheControllerHasNotAppliedYetIsNotVerifiedAndRetried() {
    RouterFixtures.create(client, RouterObjects.ROLLOUT, ROLLOUT);
    TrafficActivitiesImpl withoutController =
        RouterFixtures.traffic(new RolloutStepsRouter(new ClusterObjects(client)));

    assertThatThrownBy(() -> withoutController.setWeight(request(), 50))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(TrafficActivitiesImpl.NOT_VERIFIED);
            });
    assertThat(steps()).isEqualTo(List.of(Map.of("setWeight", 50), Map.of("pause", Map.of())));

    reconcile();

    assertThat(withoutController.setWeight(request(), 50).after().canaryWeight()).isEqualTo(50);
  }

  @Test
  void readsTheWeightFromTheCurrentStepWithoutTrafficRouting() {
    RouterFixtures.create(
        client,
        RouterObjects.ROLLOUT,
        ROLLOUT
            .substring(0, ROLLOUT.indexOf("  canary:\n    weights:"))
            .replace("currentStepIndex: 1", "currentStepIndex: 3"));

    assertThat(traffic.current(request()).canaryWeight()).isEqualTo(50);
  }

  @Test
  void settingTheWeightItAlreadyHasWritesNothing() {
    RouterFixtures.create(client, RouterObjects.ROLLOUT, ROLLOUT);
    traffic.setWeight(request(), 30);
    String version = resourceVersion(rollout());

    TrafficChange again = traffic.setWeight(request(), 30);

    assertThat(again.before().canaryWeight()).isEqualTo(30);
    assertThat(resourceVersion(rollout())).isEqualTo(version);
  }

  @Test
  void aBlueGreenRolloutIsBadInput() {
    RouterFixtures.create(
        client,
        RouterObjects.ROLLOUT,
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Rollout
        metadata: { name: checkout, namespace: globeco }
        spec:
          strategy:
            blueGreen: { activeService: checkout-active, previewService: checkout-preview }
        """);

    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage()).contains("has no canary strategy");
            });
  }

  @Test
  void aMissingRolloutFailsWithoutRetrying() {
    assertThatThrownBy(() -> traffic.setWeight(request(), 10))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getType()).isEqualTo(KubernetesErrors.NOT_FOUND);
              assertThat(f.getOriginalMessage())
                  .contains("Rollout globeco/checkout not found")
                  .contains("argoRollout router");
            });
  }
}
