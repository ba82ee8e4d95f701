package dev.flightplan.metrics.real;

import dev.flightplan.activities.TrafficActivities;
import dev.flightplan.analysis.Reading;
import dev.flightplan.metrics.MetricsActivitiesImpl;
import dev.flightplan.metrics.PrometheusProvider;
import dev.flightplan.migration.MigrationInput;
import dev.flightplan.migration.MigrationResult;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.MigrationWorkflow;
import dev.flightplan.migration.MigrationWorkflowImpl;
import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Notify;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.RouterSpec;
import dev.flightplan.plan.StableSide;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import dev.flightplan.testing.CallLog;
import dev.flightplan.testing.FakeCluster;
import dev.flightplan.testing.FakeNotify;
import dev.flightplan.testing.FakeTraffic;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A migration against real Prometheus: the {@link ServiceUnderTest} serving a stable and a canary version, Prometheus
 * scraping it every second, and a Temporal test environment (real time, no skipping: the observation window sleeps
 * for real) whose worker runs the real workflow and the real metrics activities over fake cluster, traffic and
 * notification activities. Shared by {@code RealPrometheusIT} and the breach-to-restore benchmark; it uses nothing
 * from JUnit so the benchmark can run it.
 */
public final class RealPrometheusRig implements AutoCloseable {
  public static final String CANARY_DEPLOYMENT = "web-green";
  public static final double ERROR_LIMIT = 0.05;

  public final ServiceUnderTest service;
  public final PrometheusServer prometheus;
  public final CallLog calls = new CallLog();
  public final FakeCluster cluster = new FakeCluster(calls);
  public final FakeTraffic traffic = new FakeTraffic(calls);
  public final FakeNotify notify = new FakeNotify();
  public final TestWorkflowEnvironment env;
  public final WorkflowClient client;
  private final PrometheusProvider queries;
  private volatile long restoredAtNanos;

  private RealPrometheusRig(ServiceUnderTest service, PrometheusServer prometheus) {
    this.service = service;
    this.prometheus = prometheus;
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    this.queries = new PrometheusProvider(prometheus.url(), http, Duration.ofSeconds(5));
    TestPlans.seedCluster(cluster);
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    MigrationHarness.registerSearchAttributes(env);
    Worker worker = env.newWorker(MigrationWorkflow.TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(MigrationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        cluster, new TimedTraffic(), new MetricsActivitiesImpl(prometheus.url(), http, null), notify);
    client = env.getWorkflowClient();
    env.start();
  }

  /** Starts the service, Prometheus and Temporal, and waits until Prometheus has both versions' error ratios. */
  public static RealPrometheusRig start() throws Exception {
    ServiceUnderTest service = new ServiceUnderTest().start();
    PrometheusServer prometheus;
    try {
      prometheus = PrometheusServer.start(service.target());
    } catch (Exception | Error failure) {
      service.close();
      throw failure;
    }
    RealPrometheusRig rig = new RealPrometheusRig(service, prometheus);
    try {
      rig.awaitOrFail(
          "Prometheus to have both versions' error ratios",
          () -> rig.errorRatio(ServiceUnderTest.STABLE).hasValue() && rig.errorRatio(ServiceUnderTest.CANARY).hasValue(),
          Duration.ofSeconds(20));
    } catch (RuntimeException failure) {
      rig.close();
      throw failure;
    }
    return rig;
  }

  /** The share of a version's requests that fail, over the last 5 seconds: the query the plan's gate uses. */
  public static String errorRatioQuery(String version) {
    return "sum(rate(http_requests_total{version=\"" + version + "\",code=\"500\"}[5s]))"
        + " / sum(rate(http_requests_total{version=\"" + version + "\"}[5s]))";
  }

  public static String latencyP95Query(String version) {
    return "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version=\""
        + version + "\"}[5s])))";
  }

  private static MetricDefinition bothSides(String canaryQuery, String stableQuery) {
    return new MetricDefinition(
        new PrometheusMetric(canaryQuery),
        null,
        null,
        null,
        null,
        5,
        new StableSide(new PrometheusMetric(stableQuery), null, null));
  }

  /**
   * Config change, then a canary of web-green at 50 % and 100 %, watched every {@code interval} for {@code each}:
   * rolled back when the canary's error ratio goes above 5 % or its p95 latency above the stable side's by half.
   */
  public MigrationPlan canaryPlan(String name, Duration interval, Duration each) {
    return canaryPlan(name, interval, each, errorRatioQuery(ServiceUnderTest.CANARY));
  }

  /** The same plan with the canary's error ratio measured by {@code errorQuery}. */
  public MigrationPlan canaryPlan(String name, Duration interval, Duration each, String errorQuery) {
    Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
    metrics.put("error_rate", bothSides(errorQuery, errorRatioQuery(ServiceUnderTest.STABLE)));
    metrics.put(
        "latency_p95",
        bothSides(latencyP95Query(ServiceUnderTest.CANARY), latencyP95Query(ServiceUnderTest.STABLE)));
    List<Trigger> rollbackWhen =
        List.of(
            new Trigger("error_rate", Threshold.absolute(ERROR_LIMIT), null, null),
            new Trigger("latency_p95", Threshold.parse("+50% stable"), null, null));
    Step.Canary canary =
        new Step.Canary(
            "web-blue",
            CANARY_DEPLOYMENT,
            new RouterSpec(null, new RouterSpec.ReplicasRouter(4)),
            List.of(50, 100),
            new Step.ObserveSettings(
                PlanDuration.ofMillis(each.toMillis()), PlanDuration.ofMillis(interval.toMillis())));
    return new MigrationPlan(
        "flightplan/v1",
        "Migration",
        new Metadata(name, null),
        new MigrationSpec(
            new Target("default", null),
            Map.of(),
            metrics,
            rollbackWhen,
            List.of("alice"),
            new Notify(new Notify.SlackNotify("#migrations"), null),
            List.of(
                new Phase("prepare", List.of(new Step.Apply(List.of(TestPlans.configMap("web-config", "optimized"))))),
                new Phase("shift", List.of(canary)))));
  }

  public MigrationWorkflow start(MigrationPlan plan) {
    restoredAtNanos = 0;
    MigrationWorkflow workflow =
        client.newWorkflowStub(
            MigrationWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(plan.name()).setTaskQueue(MigrationWorkflow.TASK_QUEUE).build());
    WorkflowClient.start(workflow::run, new MigrationInput(plan, "tester"));
    return workflow;
  }

  public MigrationResult result(MigrationWorkflow workflow, Duration within) throws Exception {
    return WorkflowStub.fromTyped(workflow).getResult(within.toMillis(), TimeUnit.MILLISECONDS, MigrationResult.class);
  }

  public MigrationStatus status(MigrationWorkflow workflow) {
    return workflow.status();
  }

  public Reading errorRatio(String version) {
    return queries.query("error ratio of " + version, errorRatioQuery(version));
  }

  /** Waits until the canary receives {@code weight} % of traffic. */
  public void awaitCanaryWeight(int weight, Duration within) {
    awaitOrFail(
        "the canary to receive " + weight + "% of traffic",
        () -> traffic.weightOf(CANARY_DEPLOYMENT) == weight,
        within);
  }

  /** The moment ({@link System#nanoTime}) Prometheus first answers the version's error ratio above {@code limit}. */
  public long awaitErrorRatioAbove(String version, double limit, Duration within) {
    long[] seenAt = {0};
    awaitOrFail(
        version + "'s error ratio to go above " + limit + " in Prometheus",
        () -> {
          Reading reading = errorRatio(version);
          if (reading.hasValue() && reading.value() > limit) {
            seenAt[0] = System.nanoTime();
            return true;
          }
          return false;
        },
        within);
    return seenAt[0];
  }

  public void awaitErrorRatioBelow(String version, double limit, Duration within) {
    awaitOrFail(
        version + "'s error ratio to fall below " + limit + " in Prometheus",
        () -> {
          Reading reading = errorRatio(version);
          return reading.hasValue() && reading.value() < limit;
        },
        within);
  }

  /** The moment ({@link System#nanoTime}) the canary's traffic was restored to the stable version. */
  public long awaitTrafficRestored(Duration within) {
    awaitOrFail("traffic to be restored to stable", () -> restoredAtNanos != 0, within);
    return restoredAtNanos;
  }

  private void awaitOrFail(String what, BooleanSupplier condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out after " + within + " waiting for " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, interrupted);
      }
    }
  }

  @Override
  public void close() {
    try {
      env.close();
    } finally {
      try {
        prometheus.close();
      } finally {
        service.close();
      }
    }
  }

  /** The fake traffic router, noting when a restore to the stable version has completed. */
  private final class TimedTraffic implements TrafficActivities {
    @Override
    public TrafficState current(TrafficRequest request) {
      return traffic.current(request);
    }

    @Override
    public TrafficChange setWeight(TrafficRequest request, int canaryWeight) {
      return traffic.setWeight(request, canaryWeight);
    }

    @Override
    public void restore(TrafficRequest request, TrafficState before) {
      traffic.restore(request, before);
      if (traffic.weightOf(request.canary()) == 0) {
        restoredAtNanos = System.nanoTime();
      }
    }
  }
}
