package dev.flightplan.bench;

import dev.flightplan.worker.ActivityWiring;
import dev.flightplan.worker.ConfigSource;
import dev.flightplan.worker.FlightplanWorker;
import dev.flightplan.worker.KubernetesClients;
import dev.flightplan.worker.Setting;
import dev.flightplan.worker.TemporalConnection;
import dev.flightplan.worker.WorkerConfig;
import dev.flightplan.worker.WorkerEndpoints;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.net.http.HttpClient;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The production worker's wiring (same configuration, activities and workflow) with one difference: more activity
 * slots than the SDK's default of 200, which caps how many observation windows one worker runs at once (each window
 * holds a slot and a thread for its whole length). For {@link WorkerMemoryBenchmark} only: it shows what 500 windows
 * at once cost, which the shipped worker cannot run yet. Takes the worker's flags, plus {@code --activity-slots N}.
 */
public final class WideSlotWorker {
  private WideSlotWorker() {}

  public static void main(String[] args) throws Exception {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    int slots = 1_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--address" -> flags.put(Setting.TEMPORAL_ADDRESS, args[++i]);
        case "--kubeconfig" -> flags.put(Setting.KUBECONFIG, args[++i]);
        case "--prometheus-url" -> flags.put(Setting.FLIGHTPLAN_PROMETHEUS_URL, args[++i]);
        case "--metrics-port" -> flags.put(Setting.FLIGHTPLAN_METRICS_PORT, args[++i]);
        case "--activity-slots" -> slots = Integer.parseInt(args[++i]);
        case "--shutdown-grace" -> i++;
        default -> {
          // "worker" and anything else the production command line carries
        }
      }
    }
    WorkerConfig config = WorkerConfig.from(new ConfigSource(flags, System.getenv()));
    TemporalConnection connection = TemporalConnection.open(config.temporal());
    KubernetesClient kubernetes = KubernetesClients.create(config.kubernetes());
    List<Object> activities = ActivityWiring.create(config, kubernetes, HttpClient.newHttpClient());

    WorkerFactory factory = WorkerFactory.newInstance(connection.client());
    Worker worker =
        factory.newWorker(
            config.pollingTaskQueue(), WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(slots).build());
    worker.registerWorkflowImplementationTypes(FlightplanWorker.WORKFLOW_TYPES.toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(activities.toArray());
    factory.start();
    WorkerEndpoints endpoints =
        WorkerEndpoints.start(config.metricsHost(), config.metricsPort(), () -> "", factory::isStarted);
    System.out.println("wide-slot worker polling with " + slots + " activity slots");

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  factory.shutdownNow();
                  endpoints.close();
                  kubernetes.close();
                  connection.close();
                  stopped.countDown();
                }));
    stopped.await();
  }
}
