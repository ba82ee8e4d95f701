package dev.flightplan.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;

/**
 * Where a Deployment's rollout stands. Done means the controller has seen the latest spec and every
 * replica is the new version, ready and available, with no old pods left over — fabric8's {@code
 * Readiness.isDeploymentReady} checks less (it ignores observedGeneration, so it reports "ready"
 * before the controller even saw the change).
 */
record RolloutProgress(
    int desired,
    int total,
    int updated,
    int ready,
    int available,
    long generation,
    long observedGeneration,
    String failure) {

  static RolloutProgress of(Deployment deployment) {
    int desired =
        deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
            ? 1
            : deployment.getSpec().getReplicas();
    DeploymentStatus status =
        deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
    Long generation = deployment.getMetadata().getGeneration();
    String failure = null;
    if (status.getConditions() != null) {
      for (DeploymentCondition condition : status.getConditions()) {
        if ("Progressing".equals(condition.getType())
            && "ProgressDeadlineExceeded".equals(condition.getReason())) {
          failure =
              condition.getMessage() == null ? "ProgressDeadlineExceeded" : condition.getMessage();
        }
      }
    }
    return new RolloutProgress(
        desired,
        orZero(status.getReplicas()),
        orZero(status.getUpdatedReplicas()),
        orZero(status.getReadyReplicas()),
        orZero(status.getAvailableReplicas()),
        generation == null ? 0 : generation,
        status.getObservedGeneration() == null ? -1 : status.getObservedGeneration(),
        failure);
  }

  boolean done() {
    return failure == null
        && observedGeneration >= generation
        && updated == desired
        && ready == desired
        && available == desired
        && total == desired;
  }

  String summary() {
    return "observedGeneration "
        + (observedGeneration < 0 ? "none" : observedGeneration)
        + " of "
        + generation
        + ", updated "
        + updated
        + "/"
        + desired
        + ", ready "
        + ready
        + "/"
        + desired
        + ", available "
        + available
        + "/"
        + desired
        + (total > desired ? ", " + (total - desired) + " old replicas still terminating" : "");
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
