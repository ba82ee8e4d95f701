package dev.flightplan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.activities.MetricsActivities.ObserveProgress;
import dev.flightplan.activities.MetricsActivities.ObserveRequest;
import dev.flightplan.analysis.Figure;
import dev.flightplan.analysis.GateEvaluator;
import dev.flightplan.analysis.RunningMean;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.analysis.Verdict.Outcome;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.StableSide;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import dev.flightplan.simulation.FakePrometheus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Observation windows that sample the canary and the stable side of a metric in the same tick. */
class ObserveBothSidesTest {
  private static final long INTERVAL = 50;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private TestActivityEnvironment testEnv;
  private FakePrometheus prometheus;
  private final Map<String, Double> values = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> queries = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    testEnv = TestActivityEnvironment.newInstance();
    prometheus = new FakePrometheus().start();
    prometheus.respondWith(
        query -> {
          queries.computeIfAbsent(query, q -> new AtomicInteger()).incrementAndGet();
          Double value = values.get(query);
          return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
        });
  }

  @AfterEach
  void tearDown() {
    testEnv.close();
    prometheus.close();
  }

  private MetricsActivities activities() {
    testEnv.registerActivitiesImplementations(
        new MetricsActivitiesImpl(prometheus.url(), http, null, Duration.ofSeconds(2)));
    return testEnv.newActivityStub(MetricsActivities.class);
  }

  /** {@code name} is queried as {@code name{version="canary"}} and, on the stable side, {@code name{version="stable"}}. */
  private static MetricDefinition bothSides(String name) {
    return new MetricDefinition(
        new PrometheusMetric(name + "{version=\"canary\"}"),
        null,
        null,
        null,
        null,
        null,
        new StableSide(new PrometheusMetric(name + "{version=\"stable\"}"), null, null));
  }

  private void set(String name, Double canary, Double stable) {
    setSide(name + "{version=\"canary\"}", canary);
    setSide(name + "{version=\"stable\"}", stable);
  }

  private void setSide(String query, Double value) {
    if (value == null) {
      values.remove(query);
    } else {
      values.put(query, value);
    }
  }

  private int queriesOf(String query) {
    AtomicInteger count = queries.get(query);
    return count == null ? 0 : count.get();
  }

  private static Trigger above(String metric, String threshold) {
    return new Trigger(metric, Threshold.parse(threshold), null, null);
  }

  private static Trigger below(String metric, String threshold) {
    return new Trigger(metric, null, Threshold.parse(threshold), null);
  }

  private static ObserveRequest window(
      int count, Map<String, MetricDefinition> metrics, List<Trigger> triggers, List<Trigger> compare) {
    return new ObserveRequest(
        "parallel run", metrics, triggers, Map.of(), 0, INTERVAL, count, "shop", compare);
  }

  private static final Map<String, MetricDefinition> ERRORS = Map.of("errors", bothSides("errors"));

  @Test
  void failsWhenTheCanaryIsWorseThanTheStableSideOfTheSameTick() {
    set("errors", 0.2, 0.1);

    Verdict verdict = activities().observe(window(10, ERRORS, List.of(above("errors", "+50% stable")), null));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.samples()).isEqualTo(1);
    assertThat(verdict.threshold()).isEqualTo("+50% stable (= 0.15 with stable at 0.1)");
    assertThat(verdict.figures())
        .singleElement()
        .satisfies(
            figure -> {
              assertThat(figure.canary()).isEqualTo(0.2);
              assertThat(figure.stable()).isEqualTo(0.1);
              assertThat(figure.outcome()).isEqualTo(Figure.Outcome.BREACHED);
            });
  }

  @Test
  void holdsWhileTheCanaryStaysWithinTheStableSidesLimit() {
    set("errors", 0.12, 0.1);

    Verdict verdict = activities().observe(window(4, ERRORS, List.of(above("errors", "+50% stable")), null));

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(queriesOf("errors{version=\"canary\"}")).isEqualTo(4);
    assertThat(queriesOf("errors{version=\"stable\"}")).isEqualTo(4);
  }

  @Test
  void aStableSideWithoutDataIsInconclusiveNeverAPass() {
    set("errors", 0.12, null);

    Verdict verdict = activities().observe(window(100, ERRORS, List.of(above("errors", "+50% stable")), null));

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.samples()).isEqualTo(GateEvaluator.DEFAULT_INCONCLUSIVE_LIMIT);
    assertThat(verdict.reason())
        .contains("stable side of errors: query for errors (stable side) returned no series");
  }

  @Test
  void leavesTheStableSideAloneWhenNoTriggerOrComparisonNeedsIt() {
    set("errors", 0.01, 0.01);

    activities().observe(window(3, ERRORS, List.of(above("errors", "0.05")), null));

    assertThat(queriesOf("errors{version=\"canary\"}")).isEqualTo(3);
    assertThat(queriesOf("errors{version=\"stable\"}")).isZero();
  }

  @Test
  void aParallelRunJudgesTheWindowMeansOnceTheWindowHasRunItsCourse() {
    Map<String, MetricDefinition> metrics = Map.of("throughput", bothSides("throughput"));
    set("throughput", 90.0, 100.0);

    Verdict verdict =
        activities().observe(window(5, metrics, List.of(), List.of(below("throughput", "-5% stable"))));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.samples()).isEqualTo(5);
    assertThat(verdict.trigger()).isEqualTo("throughput below -5% stable");
    assertThat(verdict.value()).isEqualTo(90.0);
    assertThat(verdict.figures())
        .extracting(Figure::describe)
        .containsExactly("throughput below -5% stable: canary 90, stable 100, limit 95: breached (5 samples)");
  }

  @Test
  void aParallelRunPassesWithItsFiguresWhenEveryComparisonHolds() {
    Map<String, MetricDefinition> metrics =
        Map.of("throughput", bothSides("throughput"), "latency", bothSides("latency"));
    set("throughput", 98.0, 100.0);
    set("latency", 0.2, 0.2);

    Verdict verdict =
        activities()
            .observe(
                window(
                    3,
                    metrics,
                    List.of(),
                    List.of(below("throughput", "-5% stable"), above("latency", "+10% stable"))));

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.figures()).extracting(Figure::outcome).containsOnly(Figure.Outcome.HELD);
    assertThat(verdict.reason()).isEqualTo("every trigger and comparison held over 3 samples");
  }

  @Test
  void aRollbackTriggerStillEndsAParallelRunAtTheFirstBreach() {
    Map<String, MetricDefinition> metrics =
        Map.of("throughput", bothSides("throughput"), "errors", bothSides("errors"));
    set("throughput", 100.0, 100.0);
    set("errors", 0.5, 0.0);

    Verdict verdict =
        activities()
            .observe(
                window(
                    100,
                    metrics,
                    List.of(above("errors", "0.05")),
                    List.of(below("throughput", "-5% stable"))));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.trigger()).isEqualTo("errors above 0.05");
    assertThat(verdict.samples()).isEqualTo(1);
  }

  @Test
  void resumesTheComparisonMeansFromTheLastHeartbeat() {
    Map<String, MetricDefinition> metrics = Map.of("throughput", bothSides("throughput"));
    set("throughput", 100.0, 100.0);
    testEnv.setHeartbeatDetails(
        new ObserveProgress(
            4 * INTERVAL,
            4,
            Map.of(),
            Map.of(),
            Map.of("throughput", new RunningMean(360, 4)),
            Map.of("throughput", new RunningMean(400, 4))));

    Verdict verdict =
        activities().observe(window(5, metrics, List.of(), List.of(below("throughput", "-5% stable"))));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.value()).isEqualTo(92.0);
    assertThat(queriesOf("throughput{version=\"canary\"}")).isEqualTo(1);
  }

  @Test
  void heartbeatsTheRunningMeansOfBothSides() {
    Map<String, MetricDefinition> metrics = Map.of("throughput", bothSides("throughput"));
    set("throughput", 98.0, 100.0);
    List<ObserveProgress> heartbeats = new CopyOnWriteArrayList<>();
    testEnv.setActivityHeartbeatListener(ObserveProgress.class, heartbeats::add);

    activities().observe(window(2, metrics, List.of(), List.of(below("throughput", "-5% stable"))));

    assertThat(heartbeats.get(0).canaryMeans()).containsEntry("throughput", new RunningMean(98, 1));
    assertThat(heartbeats.get(0).stableMeans()).containsEntry("throughput", new RunningMean(100, 1));
  }

  @Test
  void refusesAComparisonOnAMetricItWasNotGiven() {
    assertThatThrownBy(
            () -> activities().observe(window(3, ERRORS, List.of(), List.of(below("throughput", "-5% stable")))))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .contains("comparison 'throughput below -5% stable'", "not among the metrics");
            });
  }

  @Test
  void refusesAComparisonByFailureCount() {
    assertThatThrownBy(
            () -> activities().observe(window(3, ERRORS, List.of(), List.of(new Trigger("errors", null, null, 3)))))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> assertThat(failure.getOriginalMessage()).contains("give it above or below"));
  }
}
