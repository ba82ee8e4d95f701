package dev.flightplan.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code flightplan worker} as its own process, pointed at a dev server and a simulation. Ready once its {@code
 * /readyz} answers 200, which the worker does only while it polls Temporal.
 */
public final class WorkerProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final ChildProcess process;
  private final int metricsPort;

  private WorkerProcess(ChildProcess process, int metricsPort) {
    this.process = process;
    this.metricsPort = metricsPort;
  }

  /**
   * Starts a worker without waiting for it; {@code name} tells its log file apart, {@code flightplan} is the command
   * that runs the CLI (see {@link ChildProcess#flightplanCommand}), to which the worker's arguments are appended.
   */
  public static WorkerProcess launch(
      String name, DevServer temporal, SimulationProcess simulation, List<String> flightplan, Path folder) {
    int metricsPort = FreePorts.find();
    List<String> command = new ArrayList<>(flightplan);
    command.addAll(
        List.of(
            "worker",
            "--address",
            temporal.address(),
            "--kubeconfig",
            simulation.kubeconfig().toString(),
            "--prometheus-url",
            simulation.prometheusUrl(),
            "--metrics-port",
            Integer.toString(metricsPort),
            "--shutdown-grace",
            "2s"));
    ChildProcess process =
        ChildProcess.start("worker " + name, command, Map.of(), folder.resolve("worker-" + name + ".log"));
    return new WorkerProcess(process, metricsPort);
  }

  /** Starts a worker and waits until it polls. */
  public static WorkerProcess start(String name, DevServer temporal, SimulationProcess simulation, Path folder) {
    WorkerProcess worker =
        launch(name, temporal, simulation, ChildProcess.flightplanCommand(JvmOptions.SHORT_LIVED), folder);
    try {
      worker.awaitReady(STARTUP);
      return worker;
    } catch (RuntimeException e) {
      worker.close();
      throw e;
    }
  }

  /** Waits for {@code /readyz} to answer 200; fails with the worker's log if it dies or takes too long. */
  public void awaitReady(Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(process.name() + " exited while starting:\n" + process.outputTail(40));
      }
      if (isReady()) {
        return;
      }
      Sleep.millis(20);
    }
    throw new IllegalStateException(
        process.name() + " was not ready within " + limit.toSeconds() + " s:\n" + process.outputTail(40));
  }

  public boolean isReady() {
    try {
      HttpResponse<Void> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/readyz"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The identity the Temporal SDK reports for this worker by default: {@code pid@hostname}. */
  public String identity() {
    return process.pid() + "@" + hostName();
  }

  public ChildProcess process() {
    return process;
  }

  public long pid() {
    return process.pid();
  }

  /** {@code kill -9}: the worker vanishes mid-task, without a shutdown hook. */
  public void kill() {
    process.kill();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
