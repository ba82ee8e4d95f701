package dev.flightplan.demo;

import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.TimelineEntry;
import dev.flightplan.plan.LoadResult;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.PlanLoader;
import dev.flightplan.simulation.FakePrometheus;
import dev.flightplan.worker.ActivityWiring;
import dev.flightplan.worker.FlightplanWorker;
import dev.flightplan.worker.SearchAttributeSetup;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The product end to end in one process: the SDK's in-process Temporal server bound to a port (so the CLI and the
 * {@code temporal} CLI can attach), a simulated cluster and Prometheus, and a worker; then two migrations run side by
 * side, one that completes and one that rolls back on a breach, and the cluster is checked against what each outcome
 * must leave behind.
 */
public final class EmbeddedDemo {

  /** {@code temporalPort} 0 picks a free port. */
  public record Options(int temporalPort, boolean interactive, Path examples, Duration timeout) {}

  static final String NAMESPACE = "shop";
  static final String APPROVER = "demo-approver";
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final PrintWriter out;

  public EmbeddedDemo(PrintWriter out) {
    this.out = out;
  }

  /** Runs the demo; returns 0 when both migrations ended as expected and the cluster shows it. */
  public int run(Options options) {
    QuietLogs.apply();
    long started = System.nanoTime();
    List<MigrationPlan> plans = loadPlans(options.examples());
    int port = options.temporalPort() == 0 ? FreePort.find() : options.temporalPort();
    TestServer.PortBoundTestServer temporal;
    try {
      temporal = TestServer.createPortBoundServer(port, true);
    } catch (RuntimeException portTaken) {
      out.println(
          "cannot start the embedded Temporal server on 127.0.0.1:" + port + " (" + rootMessage(portTaken)
              + "): is another demo or Temporal server running? Stop it, or run `flightplan demo --port 0`.");
      return 1;
    }
    String address = "127.0.0.1:" + port;
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try (temporal;
        SimulatedCluster cluster = SimulatedCluster.start(0, Duration.ofMillis(400), "/demo/cluster-seed.yaml");
        FakePrometheus prometheus = new FakePrometheus()) {
      prometheus.respondWith(new SimulatedTraffic(cluster, NAMESPACE)).start();
      new SearchAttributeSetup(operator).ensure("default");
      WorkflowClient client =
          WorkflowClient.newInstance(service, WorkflowClientOptions.newBuilder().setNamespace("default").build());
      FlightplanWorker worker =
          new FlightplanWorker(
              client,
              MigrationWorkflow.TASK_QUEUE,
              true,
              ActivityWiring.create(prometheus.url(), cluster.client(), HttpClient.newHttpClient(), List.of()));
      worker.start();
      banner(address, cluster, prometheus, options.interactive());

      ClusterExpectations expectations = new ClusterExpectations(cluster, NAMESPACE);
      expectations.recordBefore();
      Map<String, MigrationWorkflow> running = new LinkedHashMap<>();
      for (MigrationPlan plan : plans) {
        MigrationWorkflow workflow =
            client.newWorkflowStub(
                MigrationWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(plan.name())
                    .setTaskQueue(MigrationWorkflow.TASK_QUEUE)
                    .setStaticSummary("Demo migration " + plan.name())
                    .build());
        WorkflowClient.start(workflow::run, new MigrationInput(plan, "flightplan demo"));
        running.put(plan.name(), workflow);
        say(plan.name(), "started (" + plan.spec().phases().size() + " phases)");
      }
      Map<String, MigrationStatus> finals = follow(running, options);
      worker.shutdown(Duration.ofSeconds(5));
      long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
      return expectations.report(finals, out, seconds) ? 0 : 1;
    } catch (IOException e) {
      out.println("cannot start the simulated Prometheus on loopback: " + e.getMessage());
      return 1;
    } finally {
      operator.shutdownNow();
      service.shutdownNow();
    }
  }

  /** Prints each migration's timeline as it grows; approves as the demo approver unless interactive. */
  private Map<String, MigrationStatus> follow(Map<String, MigrationWorkflow> running, Options options) {
    Map<String, Integer> printed = new HashMap<>();
    Map<String, MigrationStatus> finals = new LinkedHashMap<>();
    Map<String, Integer> approvedAtStep = new HashMap<>();
    long deadline = System.nanoTime() + options.timeout().toNanos();
    while (finals.size() < running.size()) {
      if (System.nanoTime() > deadline) {
        out.println("the demo did not finish within " + options.timeout().toSeconds() + " s");
        running.forEach((name, workflow) -> finals.putIfAbsent(name, workflow.status()));
        break;
      }
      for (Map.Entry<String, MigrationWorkflow> entry : running.entrySet()) {
        String name = entry.getKey();
        if (finals.containsKey(name)) {
          continue;
        }
        MigrationStatus status = entry.getValue().status();
        List<TimelineEntry> timeline = status.timeline();
        for (int i = printed.getOrDefault(name, 0); i < timeline.size(); i++) {
          say(name, describe(status, timeline.get(i)));
        }
        printed.put(name, timeline.size());
        if (status.state() == MigrationState.WAITING_APPROVAL
            && approvedAtStep.getOrDefault(name, -1) != status.stepNumber()) {
          approvedAtStep.put(name, status.stepNumber());
          if (options.interactive()) {
            say(name, "waiting for you: run `./flightplan approve " + name + " --by " + APPROVER
                + "` (or reject) in another terminal");
          } else {
            say(name, "approving as " + APPROVER + " (run with --interactive to decide yourself)");
            entry.getValue().approve(new dev.flightplan.migration.Decision(APPROVER, "demo approval"));
          }
        }
        if (status.state().isFinal()) {
          WorkflowStub.fromTyped(entry.getValue()).getResult(Object.class);
          finals.put(name, entry.getValue().status());
        }
      }
      sleep(Duration.ofMillis(200));
    }
    return finals;
  }

  private static String describe(MigrationStatus status, TimelineEntry entry) {
    String by = entry.by() == null ? "" : " [" + entry.by() + "]";
    return String.format("%-15s %s%s", entry.kind(), entry.text(), by);
  }

  private void banner(String address, SimulatedCluster cluster, FakePrometheus prometheus, boolean interactive) {
    out.println("Flightplan demo — everything runs in this process, on loopback:");
    out.println("  Temporal (in-process test server)  " + address + "   try: ./flightplan status checkout-v2");
    out.println("  Kubernetes API (simulated)         " + cluster.url());
    out.println("  Prometheus HTTP API (simulated)    " + prometheus.url());
    out.println(
        interactive
            ? "  approvals: yours — the demo waits for `./flightplan approve NAME --by " + APPROVER + "`"
            : "  approvals: given automatically by " + APPROVER);
    out.println();
  }

  private void say(String migration, String text) {
    out.printf("%s  %-12s %s%n", LocalTime.now().format(CLOCK), migration, text);
    out.flush();
  }

  private static List<MigrationPlan> loadPlans(Path folder) {
    List<MigrationPlan> plans = new ArrayList<>();
    for (String file : List.of("checkout-v2.yaml", "payments-v3.yaml")) {
      Path path = folder.resolve(file);
      try {
        LoadResult result = new PlanLoader(reference -> read(path.getParent().resolve(reference))).load(Files.readString(path));
        if (!result.ok()) {
          throw new IllegalStateException("demo plan " + path + " is invalid: " + result.errors());
        }
        plans.add(result.plan());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read demo plan " + path + ": run the demo from the Flightplan checkout", e);
      }
    }
    return plans;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
