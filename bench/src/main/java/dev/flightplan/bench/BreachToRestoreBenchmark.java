package dev.flightplan.bench;

import dev.flightplan.metrics.real.PrometheusServer;
import dev.flightplan.metrics.real.RealPrometheusRig;
import dev.flightplan.metrics.real.ServiceUnderTest;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.plan.PlanDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Time from the moment a canary's breach is visible in Prometheus to traffic fully restored to the stable version,
 * against real Prometheus (Debian's binary) scraping a service whose canary starts failing at a random point of the
 * sampling interval. The clock starts when Prometheus first answers the gate's own query above its limit (polled
 * every 10 ms) and stops when the router's restore to weight 0 has returned.
 *
 * <p>Usage: {@code bench/run BreachToRestoreBenchmark} or, directly, {@code BreachToRestoreBenchmark [interval
 * [runs]]}, e.g. {@code 10s 5} (the defaults). Target: at most 15 s with {@code interval: 10s}; Flagger's default
 * analysis interval alone is 60 s.
 */
public final class BreachToRestoreBenchmark {
  private static final double TARGET_SECONDS = 15;
  private static final double FLAGGER_INTERVAL_SECONDS = 60;

  private BreachToRestoreBenchmark() {}

  public static void main(String[] args) throws Exception {
    Duration interval = args.length > 0 ? PlanDuration.parse(args[0]).toDuration() : Duration.ofSeconds(10);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    if (PrometheusServer.binary().isEmpty()) {
      System.err.println(
          "BreachToRestoreBenchmark needs the 'prometheus' binary on the PATH (apt-get install prometheus) or named"
              + " by -Dflightplan.prometheus");
      System.exit(2);
    }
    System.out.printf(
        Locale.ROOT, "breach visible in Prometheus -> traffic restored, interval %ss, %d runs%n",
        interval.toSeconds(), runs);
    List<Double> seconds = new ArrayList<>();
    Random random = new Random(20_260_301L);
    try (RealPrometheusRig rig = RealPrometheusRig.start()) {
      for (int run = 1; run <= runs; run++) {
        seconds.add(measure(rig, run, interval, random));
        System.out.printf(Locale.ROOT, "  run %d: %.2f s%n", run, seconds.get(seconds.size() - 1));
      }
    }
    report(seconds);
    System.exit(0);
  }

  private static double measure(RealPrometheusRig rig, int run, Duration interval, Random random) throws Exception {
    rig.service.errorRatio(ServiceUnderTest.CANARY, 0);
    rig.awaitErrorRatioBelow(ServiceUnderTest.CANARY, 0.001, Duration.ofSeconds(30));
    MigrationWorkflow workflow =
        rig.start(rig.canaryPlan("breach-to-restore-" + run, interval, Duration.ofMinutes(30)));
    rig.awaitCanaryWeight(50, Duration.ofSeconds(30));
    // The window samples as soon as the weight is set; break the canary at a random point of a later interval.
    Thread.sleep(1_000 + (long) (random.nextDouble() * interval.toMillis()));
    rig.service.errorRatio(ServiceUnderTest.CANARY, 0.5);
    long visible = rig.awaitErrorRatioAbove(ServiceUnderTest.CANARY, RealPrometheusRig.ERROR_LIMIT, Duration.ofSeconds(30));
    long restored = rig.awaitTrafficRestored(interval.multipliedBy(2).plusSeconds(30));
    MigrationResult result = rig.result(workflow, Duration.ofSeconds(60));
    if (result.state() != MigrationState.ROLLED_BACK) {
      throw new IllegalStateException("run " + run + " ended " + result.state() + ": " + result.summary());
    }
    return (restored - visible) / 1e9;
  }

  private static void report(List<Double> seconds) {
    List<Double> sorted = seconds.stream().sorted().toList();
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    System.out.printf(
        Locale.ROOT,
        "FIGURE breach-to-restore: median %.2f s, min %.2f s, max %.2f s over %d runs;"
            + " median/target(15 s) = %.2f, max/target = %.2f; median/Flagger interval(60 s) = %.2f%n",
        median,
        sorted.get(0),
        sorted.get(n - 1),
        n,
        median / TARGET_SECONDS,
        sorted.get(n - 1) / TARGET_SECONDS,
        median / FLAGGER_INTERVAL_SECONDS);
  }
}
