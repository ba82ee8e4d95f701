package dev.flightplan.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import org.junit.jupiter.api.Test;

class RolloutProgressTest {

  private static Deployment deployment(
      long generation, int replicas, DeploymentStatusBuilder status) {
    return new DeploymentBuilder(Fixtures.deployment("web", "web:1", replicas))
        .editMetadata()
        .withGeneration(generation)
        .endMetadata()
        .withStatus(status.build())
        .build();
  }

  private static DeploymentStatusBuilder allReady(long observed, int n) {
    return new DeploymentStatusBuilder()
        .withObservedGeneration(observed)
        .withReplicas(n)
        .withUpdatedReplicas(n)
        .withReadyReplicas(n)
        .withAvailableReplicas(n);
  }

  @Test
  void isDoneWhenTheLatestGenerationIsObservedAndEveryReplicaIsUpdatedReadyAndAvailable() {
    assertThat(RolloutProgress.of(deployment(4, 3, allReady(4, 3))).done()).isTrue();
  }

  @Test
  void isNotDoneWhileTheControllerHasNotSeenTheLatestSpec() {
    assertThat(RolloutProgress.of(deployment(5, 3, allReady(4, 3))).done()).isFalse();
  }

  @Test
  void isNotDoneWhileOldReplicasAreStillTerminating() {
    assertThat(RolloutProgress.of(deployment(4, 3, allReady(4, 3).withReplicas(4))).done())
        .isFalse();
  }

  @Test
  void isNotDoneWhileSomeReplicasAreUnavailable() {
    assertThat(RolloutProgress.of(deployment(4, 3, allReady(4, 3).withAvailableReplicas(2))).done())
        .isFalse();
  }

  @Test
  void aDeploymentScaledToZeroIsDoneWithoutReplicaFields() {
    DeploymentStatusBuilder status = new DeploymentStatusBuilder().withObservedGeneration(2L);
    assertThat(RolloutProgress.of(deployment(2, 0, status)).done()).isTrue();
  }

  @Test
  void reportsTheProgressDeadlineMessageAsFailure() {
    DeploymentStatusBuilder status =
        allReady(4, 1)
            .addNewCondition()
            .withType("Progressing")
            .withStatus("False")
            .withReason("ProgressDeadlineExceeded")
            .withMessage("ReplicaSet \"web-1\" has timed out progressing.")
            .endCondition();

    RolloutProgress progress = RolloutProgress.of(deployment(4, 3, status));

    assertThat(progress.failure()).contains("timed out progressing");
    assertThat(progress.done()).isFalse();
  }
}
