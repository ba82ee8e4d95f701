package dev.flightplan.bench;

import dev.flightplan.e2e.E2EPlans;
import dev.flightplan.e2e.MigrationProbe;
import dev.flightplan.e2e.WorkerProcess;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Figures about workers coming and going, on the real dev server with workers run as {@code ./flightplan worker}
 * runs them:
 *
 * <ul>
 *   <li>cold start: from launching {@code flightplan worker} to its {@code /readyz} answering 200, which it does once
 *       it polls Temporal; 5 runs, against the 3 s target; then the same with an AppCDS archive of the worker's
 *       classes, written by one training start ({@code -XX:ArchiveClassesAtExit});
 *   <li>takeover: a worker is killed with {@code kill -9} in the middle of an observation window; the time until
 *       the window runs again on another worker, (a) one already running beside it, (b) one launched right after the
 *       kill. Temporal notices the loss only when the window misses its heartbeat timeout, so (a) is bounded by that
 *       timeout plus the first retry interval (1 s), and (b) by the longer of that and a cold start.
 * </ul>
 */
public final class WorkerColdStartBenchmark {
  static final int COLD_STARTS = 5;
  static final int TAKEOVERS = 3;
  static final double TARGET_SECONDS = 3.0;

  private WorkerColdStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    try (RealStack stack = RealStack.start(); MigrationProbe probe = new MigrationProbe(stack.temporal.address())) {
      System.out.println("worker: " + RealStack.describeLauncher() + "; " + RealStack.machineLoad());
      coldStarts(stack);
      Duration heartbeatTimeout = RealStack.waitHeartbeatTimeout();
      List<Double> standby = new ArrayList<>();
      List<Double> replacement = new ArrayList<>();
      for (int run = 1; run <= TAKEOVERS; run++) {
        standby.add(takeover(stack, probe, run, true));
        replacement.add(takeover(stack, probe, run, false));
      }
      long bound = heartbeatTimeout.toSeconds() + 1;
      System.out.printf(
          "takeover by a worker already running: median %.2f s (%s over %d runs); bound: heartbeat timeout %d s"
              + " (ActivityPorts.WAIT_HEARTBEAT_TIMEOUT) + first retry interval 1 s = %d s%n",
          RealStack.median(standby), RealStack.spread(standby, "s"), TAKEOVERS, heartbeatTimeout.toSeconds(), bound);
      System.out.printf(
          "takeover by a worker launched after the kill: median %.2f s (%s over %d runs); bound: the longer of %d s"
              + " and its cold start%n",
          RealStack.median(replacement), RealStack.spread(replacement, "s"), TAKEOVERS, bound);
      System.out.println("after: " + RealStack.machineLoad());
    }
  }

  private static void coldStarts(RealStack stack) {
    report("cold start to polling", coldStarts(stack, "cold", List.of()));
    // The same with a class-data-sharing archive of the worker's classes (JDK 17: written by one training start).
    Path archive = stack.folder.resolve("worker.jsa");
    try (WorkerProcess training =
        WorkerProcess.launch(
            "cds-training",
            stack.temporal,
            stack.cluster,
            RealStack.workerLauncher(List.of("-XX:ArchiveClassesAtExit=" + archive)),
            stack.folder)) {
      training.awaitReady(Duration.ofSeconds(90));
      training.process().stop(Duration.ofSeconds(30));
    }
    if (Files.isRegularFile(archive)) {
      report(
          "cold start to polling with an AppCDS archive (-XX:SharedArchiveFile)",
          coldStarts(stack, "cds", List.of("-XX:SharedArchiveFile=" + archive)));
    } else {
      System.out.println("(no AppCDS archive was written: skipping that variant)");
    }
  }

  private static List<Double> coldStarts(RealStack stack, String name, List<String> jvmOptions) {
    List<Double> seconds = new ArrayList<>();
    for (int run = 1; run <= COLD_STARTS; run++) {
      try (WorkerProcess worker =
          WorkerProcess.launch(
              name + "-" + run, stack.temporal, stack.cluster, RealStack.workerLauncher(jvmOptions), stack.folder)) {
        worker.awaitReady(Duration.ofSeconds(90));
        seconds.add((System.nanoTime() - worker.process().startedNanos()) / 1e9);
        System.out.printf("  %s start %d: %.2f s%n", name, run, seconds.get(run - 1));
      }
      RealStack.sleep(1_000);
    }
    return seconds;
  }

  private static void report(String what, List<Double> seconds) {
    double median = RealStack.median(seconds);
    System.out.printf(
        "%s: median %.2f s (%s over %d runs); ratio to the 3 s target: %.2f%n",
        what, median, RealStack.spread(seconds, "s"), seconds.size(), median / TARGET_SECONDS);
  }

  /** Kills the worker running a window, returns seconds until the window runs again on another worker. */
  private static double takeover(RealStack stack, MigrationProbe probe, int run, boolean standby) {
    String kind = standby ? "standby" : "replacement";
    String migration = "bench-takeover-" + kind + "-" + run;
    WorkerProcess a = launch(stack, kind + "-" + run + "-a", true);
    WorkerProcess b = standby ? launch(stack, kind + "-" + run + "-b", true) : null;
    try {
      RealStack.startMigration(
          probe.client(),
          RealStack.load(E2EPlans.observeOnly(stack.folder.resolve("plans"), migration, "checkout", "10m", "1s")));
      PendingActivityInfo window =
          probe.awaitRunningActivity(migration, MigrationProbe.OBSERVE_ACTIVITY, Duration.ofSeconds(60));
      // A different point in the heartbeat cycle each run: the timeout counts from the last heartbeat received.
      RealStack.sleep(2_000L + 2_500L * (run - 1));
      WorkerProcess victim = b != null && window.getLastWorkerIdentity().startsWith(b.pid() + "@") ? b : a;
      victim.kill();
      long killed = System.nanoTime();
      WorkerProcess survivor = standby ? (victim == a ? b : a) : launch(stack, kind + "-" + run + "-b", false);
      if (!standby) {
        b = survivor;
      }
      probe.awaitRunningActivity(
          migration,
          MigrationProbe.OBSERVE_ACTIVITY,
          activity -> activity.getAttempt() > 1 && activity.getLastWorkerIdentity().startsWith(survivor.pid() + "@"),
          Duration.ofMinutes(2));
      double seconds = (System.nanoTime() - killed) / 1e9;
      System.out.printf("  takeover %d by a %s worker: window running again %.2f s after kill -9%n", run, kind, seconds);
      probe.untyped(migration).terminate("benchmark done");
      return seconds;
    } finally {
      a.close();
      if (b != null) {
        b.close();
      }
    }
  }

  private static WorkerProcess launch(RealStack stack, String name, boolean awaitReady) {
    WorkerProcess worker =
        WorkerProcess.launch(name, stack.temporal, stack.cluster, RealStack.workerLauncher(), stack.folder);
    if (awaitReady) {
      worker.awaitReady(Duration.ofSeconds(90));
    }
    return worker;
  }
}
