package dev.flightplan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.activities.MetricsActivities.BaselineRequest;
import dev.flightplan.activities.MetricsActivities.ObserveProgress;
import dev.flightplan.activities.MetricsActivities.ObserveRequest;
import dev.flightplan.analysis.BaselineValue;
import dev.flightplan.analysis.GateEvaluator;
import dev.flightplan.analysis.Reading;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.analysis.Verdict.Outcome;
import dev.flightplan.plan.HttpProbeMetric;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.StableSide;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import dev.flightplan.simulation.FakePrometheus;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsActivitiesImplTest {
  private static final long INTERVAL = 50;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private TestActivityEnvironment testEnv;
  private FakePrometheus prometheus;

  @BeforeEach
  void setUp() throws Exception {
    testEnv = TestActivityEnvironment.newInstance();
    prometheus = new FakePrometheus().start();
  }

  @AfterEach
  void tearDown() {
    testEnv.close();
    prometheus.close();
  }

  private MetricsActivities activities(String prometheusUrl) {
    testEnv.registerActivitiesImplementations(
        new MetricsActivitiesImpl(prometheusUrl, http, null, Duration.ofSeconds(2)));
    return testEnv.newActivityStub(MetricsActivities.class);
  }

  private MetricsActivities activities() {
    return activities(prometheus.url());
  }

  private static MetricDefinition query(String promql) {
    return new MetricDefinition(new PrometheusMetric(promql), null, null, null, null, null);
  }

  private static Trigger above(String metric, String threshold) {
    return new Trigger(metric, Threshold.parse(threshold), null, null);
  }

  private static ObserveRequest samples(
      int count,
      Map<String, MetricDefinition> metrics,
      List<Trigger> triggers,
      Map<String, BaselineValue> baselines) {
    return new ObserveRequest(
        "canary 25%", metrics, triggers, baselines, 0, INTERVAL, count, "shop");
  }

  private static final Map<String, MetricDefinition> ERROR_RATE =
      Map.of("error_rate", query("errors"));
  private static final List<Trigger> ERROR_RATE_ABOVE_5_PERCENT =
      List.of(above("error_rate", "0.05"));

  @Test
  void probeSamplesEachMetricAndItsStableSideOnceAndListsWhatTheProviderRefused() {
    List<String> sampled = new CopyOnWriteArrayList<>();
    MetricProvider provider =
        (name, definition, namespace) -> {
          sampled.add(name + "@" + namespace);
          return switch (name) {
            case "error_rate" ->
                throw ApplicationFailure.newNonRetryableFailure(
                    "Prometheus at http://prom rejected the query for error_rate (HTTP 400): parse error",
                    "PrometheusQueryRejected");
            case "latency" -> Reading.noData("query for latency returned no series (no matching data yet?)");
            default -> Reading.of(120);
          };
        };
    Map<String, MetricDefinition> metrics = new LinkedHashMap<>();
    metrics.put("error_rate", query("errors"));
    metrics.put("latency", query("latency"));
    metrics.put(
        "throughput",
        new MetricDefinition(
            new PrometheusMetric("rate(requests{track=\"canary\"}[1m])"),
            null,
            null,
            null,
            null,
            null,
            new StableSide(new PrometheusMetric("rate(requests{track=\"stable\"}[1m])"), null, null)));

    MetricsActivities.ProbeResult result =
        activitiesOnFakeTime(provider).probe(new MetricsActivities.ProbeRequest(metrics, "shop"));

    assertThat(result.problems())
        .containsExactly("Prometheus at http://prom rejected the query for error_rate (HTTP 400): parse error");
    assertThat(result.noData())
        .containsExactly("latency: query for latency returned no series (no matching data yet?)");
    assertThat(sampled)
        .containsExactly("error_rate@shop", "latency@shop", "throughput@shop", "throughput (stable side)@shop");
  }

  @Test
  void passesWhenEveryTriggerHoldsForTheWholeCount() {
    prometheus.respondWith(0.01);

    Verdict verdict =
        activities().observe(samples(5, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.samples()).isEqualTo(5);
    assertThat(prometheus.queryCount()).isEqualTo(5);
  }

  private MetricsActivities activitiesOnFakeTime(MetricProvider provider) {
    testEnv.registerActivitiesImplementations(
        new MetricsActivitiesImpl(provider, new FakeTicker()));
    return testEnv.newActivityStub(MetricsActivities.class);
  }

  @Test
  void passesWhenTheDurationEnds() {
    prometheus.respondWith(0.01);
    PrometheusProvider provider =
        new PrometheusProvider(prometheus.url(), http, Duration.ofSeconds(2));
    ObserveRequest request =
        new ObserveRequest(
            "observe", ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of(), 250, 100, null, "shop");

    Verdict verdict = activitiesOnFakeTime(provider).observe(request);

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.samples()).isEqualTo(3);
  }

  @Test
  void aSevenDayWindowSamplesEveryMinuteInOneActivity() {
    AtomicInteger samples = new AtomicInteger();
    MetricProvider steady =
        (name, definition, namespace) -> {
          samples.incrementAndGet();
          return Reading.of(0.01);
        };
    ObserveRequest request =
        new ObserveRequest(
            "observe 7d",
            ERROR_RATE,
            ERROR_RATE_ABOVE_5_PERCENT,
            Map.of(),
            PlanDuration.parse("7d").millis(),
            PlanDuration.parse("1m").millis(),
            null,
            "shop");

    Verdict verdict = activitiesOnFakeTime(steady).observe(request);

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.samples()).isEqualTo(7 * 24 * 60);
    assertThat(samples).hasValue(7 * 24 * 60);
  }

  @Test
  void failsOnTheFirstBreachWithoutWaitingForTheWindowToEnd() {
    AtomicInteger queries = new AtomicInteger();
    prometheus.respondWith(query -> OptionalDouble.of(queries.incrementAndGet() >= 3 ? 0.2 : 0.01));

    Verdict verdict =
        activities().observe(samples(1_000, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.samples()).isEqualTo(3);
    assertThat(verdict.trigger()).isEqualTo("error_rate above 0.05");
    assertThat(verdict.value()).isEqualTo(0.2);
    assertThat(verdict.threshold()).isEqualTo("0.05");
  }

  @Test
  void comparesAgainstTheBaselineInTheMetricsUnit() {
    prometheus.respondWith(0.9);
    Map<String, MetricDefinition> metrics =
        Map.of("latency_p95", query("histogram_quantile(0.95, x)"));

    Verdict verdict =
        activities()
            .observe(
                samples(
                    5,
                    metrics,
                    List.of(above("latency_p95", "2x baseline")),
                    Map.of("latency_p95", new BaselineValue(0.42, 0.5, 0.6, 10))));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.threshold()).isEqualTo("2x baseline (= 0.84)");
    assertThat(verdict.value()).isEqualTo(0.9);
  }

  @Test
  void isInconclusiveWhenTheQueryHasNoData() {
    prometheus.respondWith(query -> OptionalDouble.empty());

    Verdict verdict =
        activities().observe(samples(100, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.samples()).isEqualTo(GateEvaluator.DEFAULT_INCONCLUSIVE_LIMIT);
    assertThat(verdict.reason()).contains("error_rate", "no series");
  }

  @Test
  void isInconclusiveWhenPrometheusIsUnreachable() {
    String down = LocalHttpServer.refusingUrl();

    Verdict verdict =
        activities(down).observe(samples(100, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.reason()).contains("Prometheus at " + down + " unreachable");
  }

  @Test
  void isInconclusiveWhenNoPrometheusIsConfigured() {
    Verdict verdict =
        activities(null).observe(samples(100, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.reason()).contains("no Prometheus URL configured: set --prometheus-url");
  }

  @Test
  void failsAfterThreeConsecutiveProbeFailures() {
    AtomicInteger probes = new AtomicInteger();
    try (LocalHttpServer service =
        new LocalHttpServer(
            request ->
                new LocalHttpServer.Response(probes.incrementAndGet() <= 2 ? 200 : 503, "{}"))) {
      Map<String, MetricDefinition> metrics =
          Map.of(
              "health",
              new MetricDefinition(
                  null,
                  new HttpProbeMetric(service.url() + "/health", 200, null, null),
                  null,
                  null,
                  null,
                  null));

      Verdict verdict =
          activities()
              .observe(
                  samples(100, metrics, List.of(new Trigger("health", null, null, 3)), Map.of()));

      assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
      assertThat(verdict.trigger()).isEqualTo("health fails 3 times in a row");
      assertThat(verdict.samples()).isEqualTo(5);
      assertThat(verdict.value()).isEqualTo(0.0);
    }
  }

  @Test
  void resumesTheWindowFromTheLastHeartbeat() {
    prometheus.respondWith(0.01);
    testEnv.setHeartbeatDetails(new ObserveProgress(4 * INTERVAL, 4, Map.of(), Map.of()));

    Verdict verdict =
        activities().observe(samples(5, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.samples()).isEqualTo(5);
    assertThat(prometheus.queryCount()).isEqualTo(1);
  }

  @Test
  void resumesConsecutiveBreachCountsFromTheLastHeartbeat() {
    prometheus.respondWith(0.2);
    Map<String, MetricDefinition> metrics =
        Map.of(
            "error_rate",
            new MetricDefinition(new PrometheusMetric("errors"), null, null, null, 3, null));
    Trigger trigger = above("error_rate", "0.05");
    testEnv.setHeartbeatDetails(
        new ObserveProgress(2 * INTERVAL, 2, Map.of(GateEvaluator.key(trigger), 2), Map.of()));

    Verdict verdict = activities().observe(samples(100, metrics, List.of(trigger), Map.of()));

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.samples()).isEqualTo(3);
    assertThat(prometheus.queryCount()).isEqualTo(1);
  }

  @Test
  void heartbeatsItsProgress() {
    prometheus.respondWith(0.01);
    List<ObserveProgress> heartbeats = new CopyOnWriteArrayList<>();
    testEnv.setActivityHeartbeatListener(ObserveProgress.class, heartbeats::add);

    activities().observe(samples(3, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(heartbeats).isNotEmpty();
    assertThat(heartbeats.get(0).samples()).isEqualTo(1);
    assertThat(heartbeats.get(0).consecutiveNoData()).containsEntry("error_rate", 0);
  }

  @Test
  void stopsSoonAfterCancellationInsteadOfFinishingTheWindow() {
    prometheus.respondWith(0.01);
    int windowSamples = 10_000;
    testEnv.setActivityHeartbeatListener(
        ObserveProgress.class,
        progress -> {
          if (progress.samples() >= 2) {
            testEnv.requestCancelActivity();
          }
        });
    MetricsActivities metrics = activities();

    assertThatThrownBy(
            () ->
                metrics.observe(
                    samples(windowSamples, ERROR_RATE, ERROR_RATE_ABOVE_5_PERCENT, Map.of())))
        .isInstanceOf(CanceledFailure.class);
    assertThat(prometheus.queryCount()).isLessThan(windowSamples / 10);
  }

  @Test
  void samplesAMetricWithALongerIntervalLessOften() {
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    prometheus.respondWith(
        query -> {
          counts.computeIfAbsent(query, q -> new AtomicInteger()).incrementAndGet();
          return OptionalDouble.of(0.01);
        });
    Map<String, MetricDefinition> metrics =
        Map.of(
            "error_rate",
            query("errors"),
            "slow",
            new MetricDefinition(
                new PrometheusMetric("slow_query"),
                null,
                null,
                PlanDuration.ofMillis(3 * INTERVAL),
                null,
                null));

    activities().observe(samples(6, metrics, ERROR_RATE_ABOVE_5_PERCENT, Map.of()));

    assertThat(counts.get("errors")).hasValue(6);
    assertThat(counts.get("slow_query")).hasValue(2);
  }

  @Test
  void failsWithoutRetryQuotingPrometheusWhenItRejectsTheQuery() {
    Map<String, MetricDefinition> metrics =
        Map.of("error_rate", query("bad_syntax(http_requests_total)"));

    assertThatThrownBy(
            () -> activities().observe(samples(5, metrics, ERROR_RATE_ABOVE_5_PERCENT, Map.of())))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getType()).isEqualTo("PrometheusQueryRejected");
              assertThat(failure.getOriginalMessage())
                  .contains("error_rate", "parse error: unknown function with name \"bad_syntax\"");
            });
  }

  @Test
  void refusesATriggerOnAMetricItWasNotGiven() {
    assertThatThrownBy(
            () ->
                activities()
                    .observe(samples(5, ERROR_RATE, List.of(above("latency", "1")), Map.of())))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure ->
                assertThat(failure.getOriginalMessage())
                    .contains("latency above 1", "not among the metrics"));
  }

  @Test
  void measuresMeanAndPercentilesOverTheBaselineWindow() {
    AtomicInteger queries = new AtomicInteger();
    prometheus.respondWith(query -> OptionalDouble.of(queries.incrementAndGet()));

    Map<String, BaselineValue> baselines =
        activities()
            .baseline(
                new BaselineRequest(
                    Map.of("latency_p95", query("latency")), 20 * INTERVAL, INTERVAL, "shop"));

    assertThat(baselines).containsOnlyKeys("latency_p95");
    BaselineValue baseline = baselines.get("latency_p95");
    assertThat(baseline.samples()).isEqualTo(20);
    assertThat(baseline.mean()).isEqualTo(10.5);
    assertThat(baseline.p95()).isEqualTo(19);
    assertThat(baseline.p99()).isEqualTo(20);
  }

  @Test
  void refusesABaselineOfAMetricThatHadNoData() {
    prometheus.respondWith(
        query -> query.equals("latency") ? OptionalDouble.of(0.3) : OptionalDouble.empty());
    Map<String, MetricDefinition> metrics =
        Map.of("latency_p95", query("latency"), "error_rate", query("errors"));

    assertThatThrownBy(
            () ->
                activities().baseline(new BaselineRequest(metrics, 3 * INTERVAL, INTERVAL, "shop")))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .startsWith("no data for error_rate in 3 samples");
            });
  }
}
