package dev.flightplan.bench;

import dev.flightplan.e2e.ChildProcess;
import dev.flightplan.e2e.E2EPlans;
import dev.flightplan.e2e.MigrationProbe;
import dev.flightplan.e2e.WorkerProcess;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Resident memory of one worker process while 500 migrations each sit in an hour-long observation window (sampling
 * the simulated Prometheus every 30 s), against the 512 MB target. Real dev server, the worker as {@code ./flightplan
 * worker} runs it, {@code flightplan simulate}.
 */
public final class WorkerMemoryBenchmark {
  static final int MIGRATIONS = 500;
  static final double TARGET_MIB = 512;

  private WorkerMemoryBenchmark() {}

  /** Arguments: {@code [MIGRATIONS [JVM options for the worker...]]}, e.g. {@code 500 -Xmx256m}. */
  public static void main(String[] args) throws Exception {
    int migrations = args.length > 0 ? Integer.parseInt(args[0]) : MIGRATIONS;
    List<String> jvmOptions = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
    System.out.println("-- the worker as shipped: " + RealStack.describeLauncher());
    measure(migrations, RealStack.workerLauncher(jvmOptions), jvmOptions);

    int slots = 2 * migrations;
    System.out.println(
        "-- the same wiring with " + slots + " activity slots instead of the SDK's 200 (bench-only WideSlotWorker)");
    List<String> wide = new ArrayList<>();
    wide.add(ChildProcess.java());
    wide.addAll(jvmOptions);
    wide.addAll(
        List.of("-cp", System.getProperty("java.class.path"), WideSlotWorker.class.getName(), "--activity-slots", Integer.toString(slots)));
    measure(migrations, wide, jvmOptions);
  }

  private static void measure(int migrations, List<String> launcher, List<String> jvmOptions) throws Exception {
    try (RealStack stack = RealStack.start();
        MigrationProbe probe = new MigrationProbe(stack.temporal.address());
        WorkerProcess worker = WorkerProcess.launch("memory", stack.temporal, stack.cluster, launcher, stack.folder)) {
      worker.awaitReady(Duration.ofSeconds(90));
      RealStack.sleep(3_000);
      double idle = RealStack.residentMiB(worker.pid(), "VmRSS");
      System.out.printf(
          "worker JVM options: %s; pid %d; idle RSS %.0f MiB; %s%n",
          jvmOptions.isEmpty() ? "none (the JVM's defaults)" : String.join(" ", jvmOptions),
          worker.pid(),
          idle,
          RealStack.machineLoad());

      Path plans = stack.folder.resolve("plans");
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= migrations; i++) {
        names.add(String.format("bench-window-%04d", i));
      }
      long started = System.nanoTime();
      ExecutorService starters = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> starts = new ArrayList<>();
        for (String name : names) {
          Path plan = E2EPlans.observeOnly(plans, name, "checkout", "1h", "30s");
          starts.add(starters.submit(() -> RealStack.startMigration(probe.client(), RealStack.load(plan))));
        }
        for (Future<?> start : starts) {
          start.get();
        }
      } finally {
        starters.shutdown();
      }
      System.out.printf("started %d migrations in %.1f s%n", migrations, (System.nanoTime() - started) / 1e9);

      Windows windows = awaitWindows(probe, names);
      List<Double> rss = new ArrayList<>();
      for (int sample = 0; sample < 5; sample++) {
        rss.add(RealStack.residentMiB(worker.pid(), "VmRSS"));
        RealStack.sleep(2_000);
      }
      double median = RealStack.median(rss);
      double peak = RealStack.residentMiB(worker.pid(), "VmHWM");
      System.out.printf(
          "observation windows: %d running at once, %d waiting for a free activity slot, %d not scheduled yet%n",
          windows.running(), windows.waiting(), migrations - windows.running() - windows.waiting());
      System.out.printf(
          "worker RSS with %d windows running: median %.0f MiB (%s over 5 samples, 2 s apart), peak (VmHWM) %.0f MiB%n",
          windows.running(), median, RealStack.spread(rss, "MiB"), peak);
      System.out.printf(
          "ratio to the 512 MB target: %.2f (median RSS / 512 MiB)%s%n",
          median / TARGET_MIB,
          windows.running() < migrations
              ? "; NOT all " + migrations + " windows ran at once: see the slot count above"
              : "");
      System.out.println("after: " + RealStack.machineLoad());
    }
  }

  record Windows(int running, int waiting) {}

  /** Waits until every window runs, or the count has not grown for 20 s (the worker's activity slots are full). */
  private static Windows awaitWindows(MigrationProbe probe, List<String> names) {
    Windows last = new Windows(0, 0);
    long stableSince = System.nanoTime();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      Windows now = count(probe, names);
      System.out.printf("  … %d windows running, %d waiting%n", now.running(), now.waiting());
      if (now.running() == names.size()) {
        return now;
      }
      if (now.running() != last.running()) {
        stableSince = System.nanoTime();
      } else if (System.nanoTime() - stableSince > Duration.ofSeconds(20).toNanos() && now.running() > 0) {
        return now;
      }
      last = now;
      RealStack.sleep(5_000);
    }
    return last;
  }

  private static Windows count(MigrationProbe probe, List<String> names) {
    int running = 0;
    int waiting = 0;
    for (String name : names) {
      for (PendingActivityInfo activity : probe.describe(name).getPendingActivitiesList()) {
        if (!activity.getActivityType().getName().equals(MigrationProbe.OBSERVE_ACTIVITY)) {
          continue;
        }
        if (activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) {
          running++;
        } else {
          waiting++;
        }
      }
    }
    return new Windows(running, waiting);
  }
}
