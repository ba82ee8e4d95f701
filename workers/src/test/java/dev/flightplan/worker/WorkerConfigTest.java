package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {

  @TempDir Path home;
  private final Map<String, String> env = new HashMap<>();
  private final Map<Setting, String> flags = new EnumMap<>(Setting.class);
  private Path kubeconfig;

  @BeforeEach
  void aHomeWithAKubeconfig() throws IOException {
    Files.createDirectories(home.resolve(".kube"));
    kubeconfig = Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
    env.put("HOME", home.toString());
  }

  private WorkerConfig config() {
    return WorkerConfig.from(new ConfigSource(flags, env));
  }

  private void failsWith(String line) {
    assertThatThrownBy(this::config).isInstanceOf(ConfigException.class).hasMessage(line);
  }

  @Test
  void defaultsPointAtALocalServerAndTheSharedTaskQueue() {
    WorkerConfig config = config();

    assertThat(config.temporal().address()).isEqualTo("127.0.0.1:7233");
    assertThat(config.temporal().namespace()).isEqualTo("default");
    assertThat(config.temporal().tls().enabled()).isFalse();
    assertThat(config.pollingTaskQueue()).isEqualTo("flightplan");
    assertThat(config.runsWorkflows()).isTrue();
    assertThat(config.prometheusUrl()).isEqualTo(URI.create("http://127.0.0.1:9090"));
    assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void readsEverySettingFromTheEnvironment() throws IOException {
    Path ca = Files.writeString(home.resolve("ca.pem"), "pem");
    env.put("TEMPORAL_ADDRESS", "temporal.example.com:7233");
    env.put("TEMPORAL_NAMESPACE", "payments");
    env.put("TEMPORAL_TLS_CA", ca.toString());
    env.put("FLIGHTPLAN_TASK_QUEUE", "migrations");
    env.put("KUBECONFIG", kubeconfig.toString());
    env.put("FLIGHTPLAN_KUBE_CONTEXT", "prod");
    env.put("FLIGHTPLAN_PROMETHEUS_URL", "https://prometheus.example.com");
    env.put("FLIGHTPLAN_METRICS_ADDRESS", "0.0.0.0");
    env.put("FLIGHTPLAN_METRICS_PORT", "9100");
    env.put("FLIGHTPLAN_SHUTDOWN_GRACE", "2m");

    WorkerConfig config = config();

    assertThat(config.temporal().address()).isEqualTo("temporal.example.com:7233");
    assertThat(config.temporal().namespace()).isEqualTo("payments");
    assertThat(config.temporal().tls().enabled()).isTrue();
    assertThat(config.temporal().tls().ca()).isEqualTo(ca);
    assertThat(config.taskQueue()).isEqualTo("migrations");
    assertThat(config.kubernetes()).isEqualTo(new KubernetesSettings(kubeconfig, "prod", false));
    assertThat(config.prometheusUrl()).isEqualTo(URI.create("https://prometheus.example.com"));
    assertThat(config.metricsHost()).isEqualTo("0.0.0.0");
    assertThat(config.metricsPort()).isEqualTo(9100);
    assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aFlagWinsOverItsEnvironmentVariable() {
    env.put("TEMPORAL_ADDRESS", "from-env:7233");
    flags.put(Setting.TEMPORAL_ADDRESS, "from-flag:7233");

    assertThat(config().temporal().address()).isEqualTo("from-flag:7233");
  }

  @Test
  void aClusterWorkerPollsItsOwnQueueForActivitiesOnly() {
    flags.put(Setting.FLIGHTPLAN_CLUSTER, "eu-west");

    WorkerConfig config = config();

    assertThat(config.pollingTaskQueue()).isEqualTo("flightplan-eu-west");
    assertThat(config.runsWorkflows()).isFalse();
  }

  @Test
  void aCertificateWithoutItsKeyStopsStartUp() throws IOException {
    env.put("TEMPORAL_TLS_CERT", Files.writeString(home.resolve("client.pem"), "pem").toString());

    failsWith("TEMPORAL_TLS_CERT is set but TEMPORAL_TLS_KEY is not: set both, or neither");
  }

  @Test
  void aKeyWithoutItsCertificateIsNamedTheWayItWasGiven() throws IOException {
    flags.put(
        Setting.TEMPORAL_TLS_KEY, Files.writeString(home.resolve("client.key"), "pem").toString());

    failsWith("--tls-key is set but --tls-cert is not: set both, or neither");
  }

  @Test
  void aMissingCaFileStopsStartUp() {
    env.put("TEMPORAL_TLS_CA", "/nowhere/ca.pem");

    failsWith("TEMPORAL_TLS_CA points to /nowhere/ca.pem, which does not exist");
  }

  @Test
  void anApiKeyTurnsTlsOnUnlessToldOtherwise() {
    env.put("TEMPORAL_API_KEY", "secret");
    assertThat(config().temporal().tls().enabled()).isTrue();

    env.put("TEMPORAL_TLS", "false");
    assertThat(config().temporal().tls().enabled()).isFalse();
  }

  @Test
  void theApiKeyNeverAppearsInTheSettingsText() {
    env.put("TEMPORAL_API_KEY", "very-secret-key");

    assertThat(config().temporal().toString())
        .doesNotContain("very-secret-key")
        .contains("apiKey=set");
  }

  @Test
  void tlsSwitchedOffWhileTlsFilesAreGivenStopsStartUp() throws IOException {
    env.put("TEMPORAL_TLS_CA", Files.writeString(home.resolve("ca.pem"), "pem").toString());
    env.put("TEMPORAL_TLS", "false");

    failsWith("TEMPORAL_TLS is false but TLS files are set: drop them, or turn TLS on");
  }

  @Test
  void aTlsSwitchThatIsNotABooleanStopsStartUp() {
    env.put("TEMPORAL_TLS", "maybe");

    failsWith("TEMPORAL_TLS must be true or false, not 'maybe'");
  }

  @Test
  void anAddressWithASchemeStopsStartUp() {
    env.put("TEMPORAL_ADDRESS", "http://localhost:7233");

    failsWith(
        "TEMPORAL_ADDRESS must be host:port without a scheme, not 'http://localhost:7233' (e.g."
            + " 127.0.0.1:7233)");
  }

  @Test
  void anAddressWithoutAValidPortStopsStartUp() {
    flags.put(Setting.TEMPORAL_ADDRESS, "localhost:99999");

    failsWith(
        "--address has no valid port in 'localhost:99999': write host:port, e.g. 127.0.0.1:7233");
  }

  @Test
  void anAddressWithoutAPortStopsStartUp() {
    flags.put(Setting.TEMPORAL_ADDRESS, "localhost");

    failsWith("--address must be host:port, not 'localhost' (e.g. 127.0.0.1:7233)");
  }

  @Test
  void aClusterNameThatCannotBePartOfATaskQueueStopsStartUp() {
    flags.put(Setting.FLIGHTPLAN_CLUSTER, "EU West");

    failsWith(
        "--cluster must be a lowercase name of letters, digits and '-' (it becomes part of a task"
            + " queue), not 'EU West'");
  }

  @Test
  void inClusterOutsideAPodStopsStartUp() {
    flags.put(Setting.FLIGHTPLAN_IN_CLUSTER, "true");

    failsWith(
        "--in-cluster is set but KUBERNETES_SERVICE_HOST is not: the worker is not running in a"
            + " pod");
  }

  @Test
  void inClusterInAPodUsesTheServiceAccount() {
    flags.put(Setting.FLIGHTPLAN_IN_CLUSTER, "true");
    env.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");

    assertThat(config().kubernetes()).isEqualTo(new KubernetesSettings(null, null, true));
  }

  @Test
  void inClusterTogetherWithAKubeconfigStopsStartUp() {
    flags.put(Setting.FLIGHTPLAN_IN_CLUSTER, "true");
    flags.put(Setting.KUBECONFIG, kubeconfig.toString());
    env.put("KUBERNETES_SERVICE_HOST", "10.0.0.1");

    failsWith("--in-cluster and --kubeconfig are both set: choose one");
  }

  @Test
  void noKubernetesConfigurationAnywhereStopsStartUp() throws IOException {
    Files.delete(kubeconfig);

    failsWith(
        "no Kubernetes configuration found: set --kubeconfig or KUBECONFIG, create ~/.kube/config,"
            + " or run in a pod with --in-cluster");
  }

  @Test
  void aKubeconfigListUsesTheFirstFileThatExists() {
    env.put("KUBECONFIG", "/nowhere/config" + java.io.File.pathSeparator + kubeconfig);

    assertThat(config().kubernetes().kubeconfig()).isEqualTo(kubeconfig);
  }

  @Test
  void aPrometheusUrlThatIsNotHttpStopsStartUp() {
    env.put("FLIGHTPLAN_PROMETHEUS_URL", "prometheus:9090");

    failsWith(
        "FLIGHTPLAN_PROMETHEUS_URL must be an http(s) URL such as http://prometheus:9090, not"
            + " 'prometheus:9090'");
  }

  @Test
  void aMetricsPortOutOfRangeStopsStartUp() {
    flags.put(Setting.FLIGHTPLAN_METRICS_PORT, "70000");

    failsWith("--metrics-port must be a port number from 0 (any free port) to 65535, not '70000'");
  }

  @Test
  void aShutdownGraceThatIsNotADurationStopsStartUp() {
    env.put("FLIGHTPLAN_SHUTDOWN_GRACE", "soon");

    assertThatThrownBy(this::config)
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("FLIGHTPLAN_SHUTDOWN_GRACE: 'soon' is not a duration");
  }

  @Test
  void aLogFormatOtherThanJsonOrTextStopsStartUp() {
    env.put("FLIGHTPLAN_LOG_FORMAT", "xml");

    failsWith("FLIGHTPLAN_LOG_FORMAT must be json or text, not 'xml'");
  }

  @Test
  void theApiKeyCanComeFromAMountedFile() throws IOException {
    Path file = Files.writeString(home.resolve("api-key"), "key-from-file\n");
    env.put("TEMPORAL_API_KEY_FILE", file.toString());

    TemporalSettings temporal = config().temporal();

    assertThat(temporal.apiKey()).isEqualTo("key-from-file");
    assertThat(temporal.tls().enabled()).isTrue();
  }

  @Test
  void anApiKeyAndAnApiKeyFileTogetherStopStartUp() throws IOException {
    env.put("TEMPORAL_API_KEY", "key");
    env.put("TEMPORAL_API_KEY_FILE", Files.writeString(home.resolve("k"), "key").toString());

    failsWith("TEMPORAL_API_KEY and TEMPORAL_API_KEY_FILE are both set: choose one");
  }

  @Test
  void anEmptyApiKeyFileStopsStartUp() throws IOException {
    Path file = Files.writeString(home.resolve("empty-key"), "  \n");
    env.put("TEMPORAL_API_KEY_FILE", file.toString());

    failsWith("TEMPORAL_API_KEY_FILE points to " + file + ", which is empty");
  }

  @Test
  void slackIsOffWithoutAToken() {
    assertThat(config().slack().enabled()).isFalse();
  }

  @Test
  void theSlackTokenComesFromItsVariableOrAFileAndIsNeverPrinted() throws IOException {
    env.put("SLACK_BOT_TOKEN", "xoxb-direct");
    SlackSettings direct = config().slack();
    assertThat(direct.botToken().get()).isEqualTo("xoxb-direct");
    assertThat(direct.toString()).doesNotContain("xoxb-direct").contains("SLACK_BOT_TOKEN");

    env.remove("SLACK_BOT_TOKEN");
    Path file = Files.writeString(home.resolve("slack-token"), "xoxb-from-file\n");
    env.put("SLACK_BOT_TOKEN_FILE", file.toString());
    SlackSettings fromFile = config().slack();
    assertThat(fromFile.enabled()).isTrue();
    assertThat(fromFile.botToken().get()).isEqualTo("xoxb-from-file");
  }

  @Test
  void aSlackTokenFileThatDoesNotExistStopsStartUp() {
    env.put("SLACK_BOT_TOKEN_FILE", "/nowhere/slack-token");

    failsWith("SLACK_BOT_TOKEN_FILE points to /nowhere/slack-token, which does not exist");
  }

  @Test
  void aSlackApiUrlThatIsNotHttpStopsStartUp() {
    env.put("SLACK_API_URL", "slack.example");

    failsWith(
        "SLACK_API_URL must be an http(s) URL such as https://slack.com/api/, not 'slack.example'");
  }
}
