package dev.flightplan.simulation;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightplan.kubernetes.Fixtures;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class RolloutSimulatorTest {

  KubernetesClient client;
  RolloutSimulator simulator;
  final List<String> publishedLogs = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    simulator =
        new RolloutSimulator(
                client,
                new RolloutSimulator.Options(
                    Duration.ofMillis(50),
                    Duration.ofMillis(100),
                    Duration.ofMillis(100),
                    (namespace, pod, text) ->
                        publishedLogs.add(namespace + "/" + pod + ": " + text)))
            .start();
  }

  @AfterEach
  void tearDown() {
    simulator.close();
  }

  private Deployment web() {
    return client.apps().deployments().inNamespace(NS).withName("web").get();
  }

  private Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
  }

  private static boolean rolledOut(Deployment d) {
    return d.getStatus() != null
        && d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
        && d.getSpec().getReplicas().equals(d.getStatus().getReadyReplicas())
        && d.getSpec().getReplicas().equals(d.getStatus().getUpdatedReplicas())
        && d.getSpec().getReplicas().equals(d.getStatus().getAvailableReplicas());
  }

  @Test
  void rollsOutEveryNewGenerationOfADeployment() {
    Fixtures.createDeployment(client, "web", "web:1", 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> rolledOut(web()));

    client.apps().deployments().inNamespace(NS).withName("web").scale(4);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> rolledOut(web()) && web().getStatus().getReadyReplicas() == 4);
    assertThat(web().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Available=True"));
    assertThat(simulator.events())
        .anySatisfy(e -> assertThat(e).startsWith("rolled out Deployment globeco/web"));
  }

  @Test
  void stallsADeploymentWhosePodsAreLabelledToFail() {
    client
        .apps()
        .deployments()
        .resource(
            new DeploymentBuilder(Fixtures.deployment("web", "web:broken", 2))
                .editSpec()
                .editTemplate()
                .editMetadata()
                .addToLabels(RolloutSimulator.SIMULATE_LABEL, "fail")
                .endMetadata()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> web().getStatus() != null && web().getStatus().getConditions() != null);

    assertThat(web().getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded"));
  }

  @Test
  void aStalledDeploymentThatIsFixedRollsOutWithoutTheOldFailureLingering() {
    stallsADeploymentWhosePodsAreLabelledToFail();

    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getSpec()
                  .getTemplate()
                  .getMetadata()
                  .getLabels()
                  .remove(RolloutSimulator.SIMULATE_LABEL);
              return d;
            });

    await().atMost(Duration.ofSeconds(5)).until(() -> rolledOut(web()));
    assertThat(web().getStatus().getConditions())
        .noneSatisfy(c -> assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded"));
  }

  @Test
  void completesJobs() {
    client.batch().v1().jobs().resource(backup("backup", Map.of())).create();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                job("backup").getStatus() != null
                    && job("backup").getStatus().getSucceeded() != null);

    assertThat(job("backup").getStatus().getSucceeded()).isEqualTo(1);
  }

  @Test
  void failsJobsLabelledToFailLeavingAPodAndItsLog() {
    client
        .batch()
        .v1()
        .jobs()
        .resource(backup("backup", Map.of(RolloutSimulator.SIMULATE_LABEL, "fail")))
        .create();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                job("backup").getStatus() != null && job("backup").getStatus().getFailed() != null);

    assertThat(job("backup").getStatus().getConditions())
        .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Failed=True"));
    assertThat(client.pods().inNamespace(NS).withLabel("job-name", "backup").list().getItems())
        .singleElement()
        .satisfies(pod -> assertThat(pod.getStatus().getPhase()).isEqualTo("Failed"));
    assertThat(publishedLogs)
        .singleElement()
        .asString()
        .startsWith("globeco/backup-sim: simulated failure");
  }

  private static Job backup(String name, Map<String, String> podLabels) {
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(0)
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("pg-dump")
        .withImage("postgres:16")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
