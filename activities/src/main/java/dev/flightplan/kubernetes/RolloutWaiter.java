package dev.flightplan.kubernetes;

import dev.flightplan.activities.KubernetesActivities.RolloutRequest;
import dev.flightplan.activities.KubernetesActivities.RolloutStatus;
import dev.flightplan.activities.ObjectRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a Deployment until it has rolled out, heartbeating each poll so a cancelled wait stops
 * within a poll.
 */
final class RolloutWaiter {

  private static final Logger log = LoggerFactory.getLogger(RolloutWaiter.class);

  private final KubernetesClient client;
  private final Heartbeat heartbeat;
  private final Duration pollInterval;

  RolloutWaiter(KubernetesClient client, Heartbeat heartbeat, Duration pollInterval) {
    this.client = client;
    this.heartbeat = heartbeat;
    this.pollInterval = pollInterval;
  }

  RolloutStatus await(RolloutRequest request) {
    ObjectRef ref =
        new ObjectRef("apps/v1", "Deployment", request.namespace(), request.deployment());
    long started = System.nanoTime();
    while (true) {
      Deployment deployment =
          KubernetesErrors.call(
              "get",
              ref,
              () ->
                  client
                      .apps()
                      .deployments()
                      .inNamespace(ref.namespace())
                      .withName(ref.name())
                      .get());
      if (deployment == null) {
        throw KubernetesErrors.notFound("await rollout of", ref);
      }
      RolloutProgress progress = RolloutProgress.of(deployment);
      long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
      if (progress.failure() != null) {
        throw ApplicationFailure.newNonRetryableFailure(
            ref + " failed to roll out: " + progress.failure() + " (" + progress.summary() + ")",
            KubernetesErrors.ROLLOUT_FAILED);
      }
      if (progress.done()) {
        log.info("{} rolled out after {} ms: {}", ref, waited, progress.summary());
        return new RolloutStatus(
            ref.name(), progress.desired(), progress.ready(), progress.updated(), waited);
      }
      heartbeat.beat(progress.summary());
      long remaining = request.timeoutMillis() - waited;
      if (remaining <= 0) {
        throw ApplicationFailure.newNonRetryableFailure(
            ref
                + " did not roll out within "
                + request.timeoutMillis()
                + " ms: "
                + progress.summary(),
            KubernetesErrors.ROLLOUT_FAILED);
      }
      KubernetesErrors.pause(Math.min(pollInterval.toMillis(), remaining));
    }
  }
}
