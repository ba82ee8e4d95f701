package dev.flightplan.worker;

/**
 * Every setting the worker and the CLI read, named by its environment variable. A setting with a
 * flag can be given either way; the flag wins. Error messages name whichever the user actually
 * used.
 */
public enum Setting {
  TEMPORAL_ADDRESS("--address"),
  TEMPORAL_NAMESPACE("--namespace"),
  TEMPORAL_TLS("--tls"),
  TEMPORAL_TLS_CA("--tls-ca"),
  TEMPORAL_TLS_CERT("--tls-cert"),
  TEMPORAL_TLS_KEY("--tls-key"),
  TEMPORAL_TLS_SERVER_NAME("--tls-server-name"),
  /**
   * Environment only: a secret on the command line ends up in shell history and process listings.
   */
  TEMPORAL_API_KEY(null),
  /** A file holding the API key, as a mounted secret. */
  TEMPORAL_API_KEY_FILE(null),
  FLIGHTPLAN_TASK_QUEUE("--task-queue"),
  FLIGHTPLAN_CLUSTER("--cluster"),
  KUBECONFIG("--kubeconfig"),
  FLIGHTPLAN_KUBE_CONTEXT("--context"),
  FLIGHTPLAN_IN_CLUSTER("--in-cluster"),
  FLIGHTPLAN_PROMETHEUS_URL("--prometheus-url"),
  FLIGHTPLAN_METRICS_ADDRESS("--metrics-address"),
  FLIGHTPLAN_METRICS_PORT("--metrics-port"),
  FLIGHTPLAN_SHUTDOWN_GRACE("--shutdown-grace"),
  /**
   * {@code text} or {@code json}; environment only, since logging is set up before flags are read.
   */
  FLIGHTPLAN_LOG_FORMAT(null),
  /** The Slack bot token ({@code xoxb-...}) the worker posts notifications with; secret. */
  SLACK_BOT_TOKEN(null),
  /** A file holding the Slack bot token, as a mounted secret. */
  SLACK_BOT_TOKEN_FILE(null),
  /** Slack's Web API base URL; only set to point at a stand-in. */
  SLACK_API_URL(null);

  private final String flag;

  Setting(String flag) {
    this.flag = flag;
  }

  /** The command-line flag, or null when the setting is read from the environment only. */
  public String flag() {
    return flag;
  }
}
