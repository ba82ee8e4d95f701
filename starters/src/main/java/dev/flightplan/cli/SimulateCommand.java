package dev.flightplan.cli;

import dev.flightplan.demo.StandaloneSimulation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "simulate",
    description = {
      "Runs the demo's simulated Kubernetes API server and Prometheus until stopped, for workers in"
          + " other processes.",
      "The cluster starts as the demo's (namespace shop: services checkout and payments, served by"
          + " -blue Deployments). Every create, update, patch and delete it receives is logged with a"
          + " timestamp: served as JSON at <kubernetes-url>/simulation/writes and, with --write-log,"
          + " appended to a file. Point a worker at it with --kubeconfig and --prometheus-url, as"
          + " printed."
    })
class SimulateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--kube-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "port of the Kubernetes API server; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int kubePort;

  @Option(
      names = "--prometheus-port",
      paramLabel = "PORT",
      defaultValue = "0",
      description = "port of the Prometheus HTTP API; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int prometheusPort;

  @Option(
      names = "--rollout-delay",
      paramLabel = "DURATION",
      defaultValue = "400ms",
      converter = DurationConverter.class,
      description = "how long a Deployment change takes to roll out (default: ${DEFAULT-VALUE})")
  Duration rolloutDelay;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "where to write the kubeconfig for workers (default: a file in the temp folder)")
  Path kubeconfig;

  @Option(
      names = "--write-log",
      paramLabel = "FILE",
      description = "also append the write log to this file, as JSON lines")
  Path writeLog;

  @Option(
      names = "--state-file",
      paramLabel = "FILE",
      description =
          "once listening, write the URLs, kubeconfig and write log location here as JSON (for scripts"
              + " and tests waiting for it to be up)")
  Path stateFile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    boolean temporaryKubeconfig = kubeconfig == null;
    Path config = temporaryKubeconfig ? Files.createTempFile("flightplan-simulate-", ".kubeconfig") : kubeconfig;
    StandaloneSimulation simulation =
        StandaloneSimulation.start(
            new StandaloneSimulation.Options(kubePort, prometheusPort, rolloutDelay, config, writeLog, stateFile));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  simulation.close();
                  if (temporaryKubeconfig) {
                    config.toFile().delete();
                  }
                  stopped.countDown();
                },
                "flightplan-simulate-stop"));
    out.println("Simulated cluster for Flightplan, on loopback until stopped (Ctrl-C):");
    out.println("  Kubernetes API (simulated)       " + simulation.kubernetesUrl());
    out.println("  Prometheus HTTP API (simulated)  " + simulation.prometheusUrl());
    out.println("  kubeconfig                       " + config.toAbsolutePath());
    out.println(
        "  write log                        "
            + simulation.writesUrl()
            + (writeLog == null ? "" : "  and " + writeLog.toAbsolutePath()));
    out.println("  rollouts take                    " + rolloutDelay.toMillis() + " ms");
    out.println("Run a worker against it:");
    out.println(
        "  flightplan worker --kubeconfig "
            + config.toAbsolutePath()
            + " --prometheus-url "
            + simulation.prometheusUrl());
    out.flush();
    stopped.await();
    return ExitCodes.OK;
  }
}
