package dev.flightplan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.demo.ClusterWrite;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** What a completed blue-green migration must leave in the simulated cluster, and in its write log. */
final class ClusterOutcome {
  private ClusterOutcome() {}

  static void assertMigratedToGreen(SimulationProcess cluster, String service) {
    var client = cluster.client();
    assertThat(client.services().withName(service).get().getSpec().getSelector())
        .containsEntry("version", "green");
    assertThat(client.apps().deployments().withName(service + "-blue").get()).as(service + "-blue decommissioned").isNull();
    assertThat(client.apps().deployments().withName(service + "-green").get().getSpec().getReplicas()).isEqualTo(4);
    assertThat(client.configMaps().withName(service + "-config").get().getData())
        .containsEntry("MIGRATED_BY", "flightplan-e2e");

    List<ClusterWrite> writes = cluster.writes();
    assertThat(WriteLogChecks.harmfulRepeats(writes)).as("harmful repeated writes").isEmpty();
    assertThat(WriteLogChecks.countsFor(writes, "deployments", "shop", service + "-green"))
        .as("writes to " + service + "-green")
        .containsEntry("POST", 1);
    assertThat(WriteLogChecks.countsFor(writes, "deployments", "shop", service + "-blue"))
        .as("writes to " + service + "-blue")
        .containsEntry("DELETE", 1);
  }

  /** Ready replicas the simulated controllers report for a Deployment: 0 until its rollout is done. */
  static int readyReplicas(SimulationProcess cluster, String deployment) {
    Deployment object = cluster.client().apps().deployments().withName(deployment).get();
    if (object == null || object.getStatus() == null || object.getStatus().getReadyReplicas() == null) {
      return 0;
    }
    return object.getStatus().getReadyReplicas();
  }
}
