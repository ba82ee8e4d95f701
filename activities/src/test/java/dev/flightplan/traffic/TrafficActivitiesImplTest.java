package dev.flightplan.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.TrafficActivities.TrafficChange;
import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;
import dev.flightplan.kubernetes.Heartbeat;
import dev.flightplan.plan.RouterSpec;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The steps every router shares, with an in-memory router standing in for a cluster. */
class TrafficActivitiesImplTest {

  private static final TrafficRequest REQUEST =
      new TrafficRequest(
          "globeco", new RouterSpec(null, new RouterSpec.ReplicasRouter(null)), "stable", "canary");

  /**
   * Registered under the replicas name; {@code obeys} false plays a gateway that ignores writes.
   */
  private static final class InMemoryRouter implements Router {
    int weight;
    boolean obeys = true;
    final List<Integer> writes = new ArrayList<>();

    @Override
    public String name() {
      return "replicas";
    }

    @Override
    public TrafficState read(TrafficRequest request) {
      return new TrafficState(weight, Map.of("weight", weight));
    }

    @Override
    public void write(TrafficRequest request, int canaryWeight) {
      writes.add(canaryWeight);
      if (obeys) {
        weight = canaryWeight;
      }
    }

    @Override
    public void restore(TrafficRequest request, TrafficState before) {
      if (obeys) {
        weight = ((Number) before.snapshot().get("weight")).intValue();
      }
    }
  }

  private final InMemoryRouter router = new InMemoryRouter();
  private final TrafficActivitiesImpl traffic =
      new TrafficActivitiesImpl(List.of(router), Heartbeat.none());

  @Test
  void readsFirstThenWritesThenReadsBack() {
    router.weight = 10;

    TrafficChange change = traffic.setWeight(REQUEST, 25);

    assertThat(change.before().canaryWeight()).isEqualTo(10);
    assertThat(change.after().canaryWeight()).isEqualTo(25);
    assertThat(router.writes).containsExactly(25);
  }

  @Test
  void doesNotWriteWhenTheWeightIsAlreadyThere() {
    router.weight = 25;

    traffic.setWeight(REQUEST, 25);

    assertThat(router.writes).isEmpty();
  }

  @Test
  void aWriteTheReadBackDoesNotConfirmIsRetryable() {
    router.obeys = false;

    assertThatThrownBy(() -> traffic.setWeight(REQUEST, 50))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isFalse();
              assertThat(f.getType()).isEqualTo(TrafficActivitiesImpl.NOT_VERIFIED);
              assertThat(f.getOriginalMessage())
                  .contains("set canary weight 50")
                  .contains("read back 0");
            });
  }

  @Test
  void aRestoreTheReadBackDoesNotConfirmIsRetryable() {
    router.weight = 50;
    router.obeys = false;

    assertThatThrownBy(() -> traffic.restore(REQUEST, new TrafficState(0, Map.of("weight", 0))))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isFalse());
  }

  @Test
  void weightsOutsideZeroToHundredAreRejected() {
    assertThatThrownBy(() -> traffic.setWeight(REQUEST, 101))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
  }

  @Test
  void aRouterThisWorkerDoesNotHaveIsRejectedByName() {
    TrafficRequest service =
        new TrafficRequest(
            "globeco",
            new RouterSpec(new RouterSpec.ServiceRouter("web", null, Map.of("v", "2")), null),
            "stable",
            "canary");

    assertThatThrownBy(() -> traffic.setWeight(service, 100))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            f -> {
              assertThat(f.isNonRetryable()).isTrue();
              assertThat(f.getOriginalMessage())
                  .isEqualTo("no router service on this worker (it has [replicas])");
            });
  }
}
