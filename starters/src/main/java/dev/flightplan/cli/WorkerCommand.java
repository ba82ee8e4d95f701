package dev.flightplan.cli;

import dev.flightplan.worker.Setting;
import dev.flightplan.worker.WorkerConfig;
import dev.flightplan.worker.WorkerRuntime;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "worker",
    description = {
      "Runs a worker until stopped.",
      "Polls Temporal for migration workflows and their activities. SIGTERM or Ctrl-C lets running"
          + " tasks finish",
      "for the shutdown grace period. Serves /metrics, /healthz and /readyz.",
      "Every flag has an environment variable (in brackets); TEMPORAL_API_KEY is read from the"
          + " environment only."
    })
class WorkerCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;

  @Option(
      names = "--task-queue",
      paramLabel = "QUEUE",
      description = "task queue [FLIGHTPLAN_TASK_QUEUE] (default: flightplan)")
  String taskQueue;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description =
          "serve only this cluster's activities, on <task-queue>-NAME [FLIGHTPLAN_CLUSTER]")
  String cluster;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "kubeconfig file [KUBECONFIG]")
  String kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "kubeconfig context [FLIGHTPLAN_KUBE_CONTEXT]")
  String context;

  @Option(
      names = "--in-cluster",
      description = "use the pod's service account [FLIGHTPLAN_IN_CLUSTER]")
  Boolean inCluster;

  @Option(
      names = "--prometheus-url",
      paramLabel = "URL",
      description =
          "Prometheus HTTP API [FLIGHTPLAN_PROMETHEUS_URL] (default: "
              + WorkerConfig.DEFAULT_PROMETHEUS_URL
              + ")")
  String prometheusUrl;

  @Option(
      names = "--metrics-address",
      paramLabel = "HOST",
      description =
          "address for /metrics, /healthz, /readyz [FLIGHTPLAN_METRICS_ADDRESS] (default: "
              + WorkerConfig.DEFAULT_METRICS_HOST
              + ")")
  String metricsAddress;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "port for /metrics, /healthz, /readyz [FLIGHTPLAN_METRICS_PORT] (default: "
              + WorkerConfig.DEFAULT_METRICS_PORT
              + "; 0 picks a free one)")
  String metricsPort;

  @Option(
      names = "--shutdown-grace",
      paramLabel = "DURATION",
      description =
          "how long running tasks may finish on shutdown [FLIGHTPLAN_SHUTDOWN_GRACE] (default:"
              + " 30s)")
  String shutdownGrace;

  @Option(
      names = "--tls",
      paramLabel = "true|false",
      description =
          "TLS to Temporal [TEMPORAL_TLS] (default: on when a TLS file or TEMPORAL_API_KEY is set)")
  String tls;

  @Option(
      names = "--tls-ca",
      paramLabel = "FILE",
      description = "CA certificate, PEM [TEMPORAL_TLS_CA]")
  String tlsCa;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description = "client certificate, PEM [TEMPORAL_TLS_CERT]")
  String tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "client key, PKCS#8 PEM [TEMPORAL_TLS_KEY]")
  String tlsKey;

  @Option(
      names = "--tls-server-name",
      paramLabel = "NAME",
      description =
          "server name to verify, when it differs from the address [TEMPORAL_TLS_SERVER_NAME]")
  String tlsServerName;

  @Override
  public Integer call() throws InterruptedException {
    WorkerConfig config = WorkerConfig.from(cli.settings(flags()));
    WorkerRuntime runtime = WorkerRuntime.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "flightplan-shutdown"));
    runtime.awaitClosed();
    return ExitCodes.OK;
  }

  Map<Setting, String> flags() {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    put(flags, Setting.FLIGHTPLAN_TASK_QUEUE, taskQueue);
    put(flags, Setting.FLIGHTPLAN_CLUSTER, cluster);
    put(flags, Setting.KUBECONFIG, kubeconfig);
    put(flags, Setting.FLIGHTPLAN_KUBE_CONTEXT, context);
    put(flags, Setting.FLIGHTPLAN_IN_CLUSTER, inCluster == null ? null : inCluster.toString());
    put(flags, Setting.FLIGHTPLAN_PROMETHEUS_URL, prometheusUrl);
    put(flags, Setting.FLIGHTPLAN_METRICS_ADDRESS, metricsAddress);
    put(flags, Setting.FLIGHTPLAN_METRICS_PORT, metricsPort);
    put(flags, Setting.FLIGHTPLAN_SHUTDOWN_GRACE, shutdownGrace);
    put(flags, Setting.TEMPORAL_TLS, tls);
    put(flags, Setting.TEMPORAL_TLS_CA, tlsCa);
    put(flags, Setting.TEMPORAL_TLS_CERT, tlsCert);
    put(flags, Setting.TEMPORAL_TLS_KEY, tlsKey);
    put(flags, Setting.TEMPORAL_TLS_SERVER_NAME, tlsServerName);
    return flags;
  }

  private static void put(Map<Setting, String> flags, Setting setting, String value) {
    if (value != null) {
      flags.put(setting, value);
    }
  }
}
