package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityWiringTest {

  @Test
  void everyActivityImplementationRegistersOnOneWorker() {
    WorkerConfig config =
        new WorkerConfig(
            TemporalSettings.defaults(),
            "flightplan",
            null,
            new KubernetesSettings(null, null, false),
            java.net.URI.create("http://127.0.0.1:9090"),
            "127.0.0.1",
            0,
            Duration.ofSeconds(1));
    // The client connects lazily: building it needs no cluster.
    Config kubernetesConfig = Config.empty();
    kubernetesConfig.setMasterUrl("https://127.0.0.1:1");
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
        KubernetesClient kubernetes =
            new KubernetesClientBuilder().withConfig(kubernetesConfig).build()) {
      List<Object> activities =
          ActivityWiring.create(config, kubernetes, HttpClient.newHttpClient());

      // Activity type names must be unique per worker; a clash throws here.
      FlightplanWorker worker =
          FlightplanWorker.forConfig(config, env.getWorkflowClient(), activities);

      assertThat(worker.taskQueue()).isEqualTo("flightplan");
      assertThat(activities).hasSize(4);
    }
  }

  @Test
  void aWorkerWithASlackTokenPostsToSlackAndOneWithoutDoesNot() {
    assertThat(ActivityWiring.extraNotifiers(SlackSettings.off())).isEmpty();

    SlackSettings slack =
        new SlackSettings(
            Secret.of("SLACK_BOT_TOKEN", "xoxb-test"), java.net.URI.create("http://127.0.0.1:1/api/"));

    assertThat(ActivityWiring.extraNotifiers(slack))
        .singleElement()
        .extracting(dev.flightplan.notify.Notifier::name)
        .isEqualTo("slack");
  }
}
