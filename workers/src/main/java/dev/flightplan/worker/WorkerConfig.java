package dev.flightplan.worker;

import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.plan.PlanDuration;
import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything a worker needs to start, read from flags and environment and checked before anything
 * connects: a bad or missing setting stops start-up with one line naming the setting, not a stack
 * trace minutes later.
 *
 * <p>With {@code cluster} set the worker serves one cluster's activities only, on {@code
 * <taskQueue>-<cluster>}; the workflows run on workers without a cluster, which poll {@code
 * taskQueue} itself.
 */
public record WorkerConfig(
    TemporalSettings temporal,
    String taskQueue,
    String cluster,
    KubernetesSettings kubernetes,
    URI prometheusUrl,
    String metricsHost,
    int metricsPort,
    Duration shutdownGrace,
    SlackSettings slack) {

  /** A configuration without Slack notifications. */
  public WorkerConfig(
      TemporalSettings temporal,
      String taskQueue,
      String cluster,
      KubernetesSettings kubernetes,
      URI prometheusUrl,
      String metricsHost,
      int metricsPort,
      Duration shutdownGrace) {
    this(
        temporal,
        taskQueue,
        cluster,
        kubernetes,
        prometheusUrl,
        metricsHost,
        metricsPort,
        shutdownGrace,
        SlackSettings.off());
  }

  public static final String DEFAULT_PROMETHEUS_URL = "http://127.0.0.1:9090";
  public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
  public static final int DEFAULT_METRICS_PORT = 9464;
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);

  private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** The queue this worker polls: the shared one, or its cluster's own. */
  public String pollingTaskQueue() {
    return cluster == null ? taskQueue : activityTaskQueue(taskQueue, cluster);
  }

  /** Whether this worker runs the migration workflows too, or only one cluster's activities. */
  public boolean runsWorkflows() {
    return cluster == null;
  }

  /** The queue on which the activities for {@code cluster} run. */
  public static String activityTaskQueue(String taskQueue, String cluster) {
    return taskQueue + "-" + cluster;
  }

  public static WorkerConfig from(ConfigSource source) {
    source.get(Setting.FLIGHTPLAN_LOG_FORMAT).ifPresent(WorkerConfig::checkLogFormat);
    TemporalSettings temporal = TemporalSettings.from(source);
    String taskQueue =
        source
            .get(Setting.FLIGHTPLAN_TASK_QUEUE)
            .map(WorkerConfig::checkTaskQueue)
            .orElse(MigrationWorkflow.TASK_QUEUE);
    String cluster =
        source.get(Setting.FLIGHTPLAN_CLUSTER).map(WorkerConfig::checkCluster).orElse(null);
    KubernetesSettings kubernetes = kubernetes(source);
    URI prometheus =
        source
            .get(Setting.FLIGHTPLAN_PROMETHEUS_URL)
            .map(value -> checkHttpUrl(value, "http://prometheus:9090"))
            .orElse(URI.create(DEFAULT_PROMETHEUS_URL));
    String metricsHost = source.text(Setting.FLIGHTPLAN_METRICS_ADDRESS, DEFAULT_METRICS_HOST);
    int metricsPort =
        source
            .get(Setting.FLIGHTPLAN_METRICS_PORT)
            .map(WorkerConfig::checkPort)
            .orElse(DEFAULT_METRICS_PORT);
    Duration grace =
        source
            .get(Setting.FLIGHTPLAN_SHUTDOWN_GRACE)
            .map(WorkerConfig::checkDuration)
            .orElse(DEFAULT_SHUTDOWN_GRACE);
    SlackSettings slack =
        new SlackSettings(
            Secret.from(source, Setting.SLACK_BOT_TOKEN, Setting.SLACK_BOT_TOKEN_FILE).orElse(null),
            source
                .get(Setting.SLACK_API_URL)
                .map(value -> checkHttpUrl(value, "https://slack.com/api/"))
                .orElse(null));
    return new WorkerConfig(
        temporal,
        taskQueue,
        cluster,
        kubernetes,
        prometheus,
        metricsHost,
        metricsPort,
        grace,
        slack);
  }

  private static void checkLogFormat(ConfigSource.Value value) {
    if (LogFormat.parse(value.text()).isEmpty()) {
      throw new ConfigException(
          value.origin() + " must be json or text, not '" + value.text() + "'");
    }
  }

  private static KubernetesSettings kubernetes(ConfigSource source) {
    Optional<ConfigSource.Value> kubeconfig = source.get(Setting.KUBECONFIG);
    Optional<ConfigSource.Value> context = source.get(Setting.FLIGHTPLAN_KUBE_CONTEXT);
    Optional<ConfigSource.Value> inClusterValue = source.get(Setting.FLIGHTPLAN_IN_CLUSTER);
    boolean inCluster = source.bool(Setting.FLIGHTPLAN_IN_CLUSTER).orElse(false);
    if (inCluster) {
      String origin = inClusterValue.orElseThrow().origin();
      if (kubeconfig.isPresent()) {
        throw new ConfigException(
            origin + " and " + kubeconfig.get().origin() + " are both set: choose one");
      }
      if (context.isPresent()) {
        throw new ConfigException(
            context.get().origin()
                + " names a kubeconfig context, but "
                + origin
                + " uses the pod's service account");
      }
      if (source.env("KUBERNETES_SERVICE_HOST").isEmpty()) {
        throw new ConfigException(
            origin
                + " is set but KUBERNETES_SERVICE_HOST is not: the worker is not running in a pod");
      }
      return new KubernetesSettings(null, null, true);
    }
    if (kubeconfig.isPresent()) {
      return new KubernetesSettings(
          kubeconfigFile(kubeconfig.get()),
          context.map(ConfigSource.Value::text).orElse(null),
          false);
    }
    Path home = Path.of(source.env("HOME").orElse(System.getProperty("user.home")));
    boolean defaultFile = Files.isRegularFile(home.resolve(".kube").resolve("config"));
    boolean inPod = source.env("KUBERNETES_SERVICE_HOST").isPresent();
    if (!defaultFile && !inPod) {
      throw new ConfigException(
          "no Kubernetes configuration found: set --kubeconfig or KUBECONFIG, create"
              + " ~/.kube/config, or run in a pod with --in-cluster");
    }
    return new KubernetesSettings(null, context.map(ConfigSource.Value::text).orElse(null), false);
  }

  /**
   * A flag names one file; {@code KUBECONFIG} may list several, as kubectl allows, of which at
   * least one must exist. The first existing one is used.
   */
  private static Path kubeconfigFile(ConfigSource.Value value) {
    if (value.origin().startsWith("--") || !value.text().contains(File.pathSeparator)) {
      return TemporalSettings.readableFile(value);
    }
    return Arrays.stream(value.text().split(Pattern.quote(File.pathSeparator)))
        .filter(text -> !text.isBlank())
        .map(Path::of)
        .filter(Files::isRegularFile)
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    value.origin() + " lists " + value.text() + ", none of which exists"));
  }

  private static String checkTaskQueue(ConfigSource.Value value) {
    if (value.text().chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(
          value.origin() + " must not contain spaces, not '" + value.text() + "'");
    }
    return value.text();
  }

  private static String checkCluster(ConfigSource.Value value) {
    if (!CLUSTER_NAME.matcher(value.text()).matches()) {
      throw new ConfigException(
          value.origin()
              + " must be a lowercase name of letters, digits and '-' (it becomes part of a task"
              + " queue), not '"
              + value.text()
              + "'");
    }
    return value.text();
  }

  private static URI checkHttpUrl(ConfigSource.Value value, String example) {
    try {
      URI uri = new URI(value.text());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(value.text(), "not an http(s) URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(
          value.origin()
              + " must be an http(s) URL such as "
              + example
              + ", not '"
              + value.text()
              + "'");
    }
  }

  private static int checkPort(ConfigSource.Value value) {
    try {
      int port = Integer.parseInt(value.text());
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        value.origin()
            + " must be a port number from 0 (any free port) to 65535, not '"
            + value.text()
            + "'");
  }

  private static Duration checkDuration(ConfigSource.Value value) {
    try {
      return PlanDuration.parse(value.text()).toDuration();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(value.origin() + ": " + e.getMessage());
    }
  }
}
