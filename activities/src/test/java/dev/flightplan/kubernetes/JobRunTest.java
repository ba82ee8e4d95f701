package dev.flightplan.kubernetes;

import static dev.flightplan.kubernetes.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.KubernetesActivities.JobRequest;
import dev.flightplan.activities.KubernetesActivities.JobResult;
import dev.flightplan.simulation.RolloutSimulator;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class JobRunTest {

  KubernetesClient client;
  KubernetesMockServer server;
  KubernetesActivitiesImpl activities;
  RolloutSimulator simulator;

  @BeforeEach
  void setUp() {
    activities = new KubernetesActivitiesImpl(client, Heartbeat.none(), Duration.ofMillis(50));
  }

  @AfterEach
  void tearDown() {
    if (simulator != null) {
      simulator.close();
    }
  }

  private void simulate() {
    RolloutSimulator.LogPublisher servedByMock =
        (namespace, pod, text) ->
            server
                .expect()
                .get()
                .withPath(RolloutSimulator.logPath(namespace, pod))
                .andReturn(200, text)
                .always();
    simulator =
        new RolloutSimulator(
                client,
                RolloutSimulator.Options.defaults()
                    .withJobDelay(Duration.ofMillis(200))
                    .withLogs(servedByMock))
            .start();
  }

  private static Job backupJob(Map<String, String> podLabels) {
    return new JobBuilder()
        .withNewMetadata()
        .withName("ignored")
        .addToLabels("team", "portfolio")
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(1)
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("pg-dump")
        .withImage("postgres:16")
        .withCommand("pg_dump", "portfolio")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private JobRequest request(String name, Job template, long timeoutMillis) {
    return new JobRequest(NS, name, Fixtures.asMap(client, template), timeoutMillis);
  }

  @Test
  void runsAJobToSuccessUnderTheRequestedName() {
    simulate();

    JobResult result = activities.runJob(request("backup", backupJob(Map.of()), 10_000));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.name()).isEqualTo("backup");
    Job job = client.batch().v1().jobs().inNamespace(NS).withName("backup").get();
    assertThat(job.getMetadata().getLabels()).containsEntry("team", "portfolio");
  }

  @Test
  void aFailedJobSurfacesTheLogsOfItsPods() {
    simulate();

    JobResult result =
        activities.runJob(
            request("backup", backupJob(Map.of(RolloutSimulator.SIMULATE_LABEL, "fail")), 10_000));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.message())
        .contains("Job globeco/backup failed")
        .contains("BackoffLimitExceeded");
    assertThat(result.logs()).contains("--- pod backup-sim ---").contains("error: exit code 1");
  }

  @Test
  void aFailedJobWhosePodsAreGoneSaysWhyThereAreNoLogs() {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .resource(
            new JobBuilder(backupJob(Map.of()))
                .editMetadata()
                .withName("backup")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName("backup")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"failed\":2}}");

    JobResult result = activities.runJob(request("backup", backupJob(Map.of()), 10_000));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.message()).contains("2 failed pods, more than backoffLimit 1");
    assertThat(result.logs()).isEqualTo("logs unavailable: no pods with label job-name=backup");
  }

  @Test
  void aPodWhoseLogCannotBeReadIsNamedWithTheReason() {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .resource(
            new JobBuilder(backupJob(Map.of()))
                .editMetadata()
                .withName("backup")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName("backup")
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"status\":{\"conditions\":[{\"type\":\"Failed\",\"status\":\"True\",\"reason\":\"DeadlineExceeded\"}]}}");
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("backup-x1")
                .withNamespace(NS)
                .addToLabels("job-name", "backup")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("pg-dump")
                .withImage("postgres:16")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Failed")
                .endStatus()
                .build())
        .create();
    server
        .expect()
        .get()
        .withPath(RolloutSimulator.logPath(NS, "backup-x1"))
        .andReturn(
            400,
            "{\"kind\":\"Status\",\"code\":400,\"message\":\"container \\\"pg-dump\\\" in pod"
                + " \\\"backup-x1\\\" is waiting to start: ContainerCreating\"}")
        .always();

    JobResult result = activities.runJob(request("backup", backupJob(Map.of()), 10_000));

    assertThat(result.message()).contains("DeadlineExceeded");
    assertThat(result.logs())
        .contains("--- pod backup-x1 ---")
        .contains("log unavailable: 400 Bad Request")
        .contains("waiting to start: ContainerCreating");
  }

  @Test
  void adoptsAJobLeftByAnEarlierAttemptInsteadOfFailing() {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .resource(
            new JobBuilder(backupJob(Map.of()))
                .editMetadata()
                .withName("backup")
                .withNamespace(NS)
                .endMetadata()
                .build())
        .create();
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NS)
        .withName("backup")
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"succeeded\":1}}");

    JobResult result = activities.runJob(request("backup", backupJob(Map.of()), 10_000));

    assertThat(result.succeeded()).isTrue();
  }

  @Test
  void aJobThatDoesNotFinishInTimeIsAFailedResultWithAClearMessage() {
    JobResult result = activities.runJob(request("backup", backupJob(Map.of()), 200));

    assertThat(result.succeeded()).isFalse();
    assertThat(result.message())
        .contains("Job globeco/backup did not finish within 200 ms")
        .contains("active 0, succeeded 0, failed 0");
  }

  @Test
  void acceptsAJobSpecWithoutTheJobAround() {
    simulate();
    Map<String, Object> spec = Fixtures.asMap(client, backupJob(Map.of()).getSpec());

    JobResult result = activities.runJob(new JobRequest(NS, "backup", spec, 10_000));

    assertThat(result.succeeded()).isTrue();
  }
}
