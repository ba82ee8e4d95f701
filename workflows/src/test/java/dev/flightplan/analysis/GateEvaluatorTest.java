package dev.flightplan.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightplan.analysis.GateEvaluator.Evaluation;
import dev.flightplan.analysis.Verdict.Outcome;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateEvaluatorTest {

  private static final Map<String, MetricDefinition> METRICS =
      Map.of(
          "error_rate", prometheus(null, null),
          "latency_p95", prometheus(null, null),
          "throughput", prometheus(null, null));

  private static MetricDefinition prometheus(Integer failureLimit, Integer inconclusiveLimit) {
    return new MetricDefinition(
        new PrometheusMetric("up"), null, null, null, failureLimit, inconclusiveLimit);
  }

  private static Trigger above(String metric, String threshold) {
    return new Trigger(metric, Threshold.parse(threshold), null, null);
  }

  private static Trigger below(String metric, String threshold) {
    return new Trigger(metric, null, Threshold.parse(threshold), null);
  }

  private static Trigger failures(String metric, int failures) {
    return new Trigger(metric, null, null, failures);
  }

  private static Map<String, Reading> reading(String metric, double value) {
    return Map.of(metric, Reading.of(value));
  }

  @Test
  void failsOnFirstValueAboveAnAbsoluteThreshold() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), METRICS, Map.of());

    Evaluation evaluation = evaluator.evaluate(reading("error_rate", 0.08), null, 1);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(evaluation.verdict().trigger()).isEqualTo("error_rate above 0.05");
    assertThat(evaluation.verdict().value()).isEqualTo(0.08);
    assertThat(evaluation.verdict().threshold()).isEqualTo("0.05");
    assertThat(evaluation.verdict().samples()).isEqualTo(1);
  }

  @Test
  void aValueEqualToTheLimitIsNotABreach() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), METRICS, Map.of());

    Evaluation evaluation = evaluator.evaluate(reading("error_rate", 0.05), null, 1);

    assertThat(evaluation.decided()).isFalse();
    assertThat(evaluation.checks())
        .singleElement()
        .extracting(GateCheck::status)
        .isEqualTo(GateCheck.Status.OK);
  }

  @Test
  void failsBelowALowerBound() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(below("throughput", "100")), METRICS, Map.of());

    assertThat(evaluator.evaluate(reading("throughput", 120), null, 1).decided()).isFalse();
    Evaluation evaluation = evaluator.evaluate(reading("throughput", 80), null, 2);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(evaluation.verdict().trigger()).isEqualTo("throughput below 100");
  }

  @Test
  void rendersABaselineFactorInTheMetricsUnit() {
    GateEvaluator evaluator =
        new GateEvaluator(
            List.of(above("latency_p95", "2x baseline")),
            METRICS,
            Map.of("latency_p95", new BaselineValue(0.42, 0.5, 0.6, 10)));

    Evaluation evaluation = evaluator.evaluate(reading("latency_p95", 0.9), null, 3);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(evaluation.verdict().threshold()).isEqualTo("2x baseline (= 0.84)");
    assertThat(evaluation.verdict().value()).isEqualTo(0.9);
  }

  @Test
  void holdsWithinAPercentageOfTheBaseline() {
    GateEvaluator evaluator =
        new GateEvaluator(
            List.of(above("latency_p95", "+10% baseline")),
            METRICS,
            Map.of("latency_p95", new BaselineValue(200, 250, 300, 10)));

    Evaluation within = evaluator.evaluate(reading("latency_p95", 219), null, 1);
    Evaluation beyond = evaluator.evaluate(reading("latency_p95", 221), null, 2);

    assertThat(within.decided()).isFalse();
    assertThat(within.checks().get(0).threshold()).isEqualTo("+10% baseline (= 220)");
    assertThat(beyond.verdict().outcome()).isEqualTo(Outcome.FAIL);
  }

  @Test
  void aRelativeThresholdWithoutItsBaselineIsInconclusiveAtOnce() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("latency_p95", "2x baseline")), METRICS, Map.of());

    Evaluation evaluation = evaluator.evaluate(reading("latency_p95", 0.3), null, 1);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(evaluation.verdict().reason())
        .startsWith("no baseline for latency_p95: add a baseline step");
  }

  @Test
  void comparesTheCanaryWithTheStableSideOfTheSameWindow() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(below("throughput", "-5% stable")), METRICS, Map.of());

    Evaluation close = evaluator.evaluate(reading("throughput", 96), reading("throughput", 100), 1);
    Evaluation worse = evaluator.evaluate(reading("throughput", 94), reading("throughput", 100), 2);

    assertThat(close.decided()).isFalse();
    assertThat(worse.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(worse.verdict().threshold()).isEqualTo("-5% stable (= 95 with stable at 100)");
  }

  @Test
  void aBreachOfAStableThresholdCarriesBothSidesAndTheLimitInItsFigures() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("latency_p95", "+10% stable")), METRICS, Map.of());

    Verdict verdict =
        evaluator.evaluate(reading("latency_p95", 0.3), reading("latency_p95", 0.2), 4).verdict();

    assertThat(verdict.reason())
        .isEqualTo(
            "latency_p95 above +10% stable: measured 0.3, limit +10% stable (= 0.22 with stable at"
                + " 0.2)");
    assertThat(verdict.figures())
        .singleElement()
        .satisfies(
            figure -> {
              assertThat(figure.trigger()).isEqualTo("latency_p95 above +10% stable");
              assertThat(figure.canary()).isEqualTo(0.3);
              assertThat(figure.stable()).isEqualTo(0.2);
              assertThat(figure.limit()).isCloseTo(0.22, within(1e-9));
              assertThat(figure.outcome()).isEqualTo(Figure.Outcome.BREACHED);
            });
  }

  @Test
  void aBreachOfAnAbsoluteOrBaselineThresholdHasNoStableFigures() {
    GateEvaluator evaluator =
        new GateEvaluator(
            List.of(above("error_rate", "0.05"), above("latency_p95", "2x baseline")),
            METRICS,
            Map.of("latency_p95", new BaselineValue(0.1, 0.2, 0.3, 10)));

    Verdict absolute = evaluator.evaluate(reading("error_rate", 0.5), null, 1).verdict();
    Verdict relative = evaluator.evaluate(reading("latency_p95", 0.5), null, 2).verdict();

    assertThat(absolute.figures()).isEmpty();
    assertThat(relative.threshold()).isEqualTo("2x baseline (= 0.2)");
    assertThat(relative.figures()).isEmpty();
  }

  @Test
  void aStableSideWithoutDataCountsTowardInconclusiveEvenWithoutAStableTrigger() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), METRICS, Map.of());
    Map<String, Reading> canary = Map.of("error_rate", Reading.of(0.01), "throughput", Reading.of(90));
    Map<String, Reading> stable = Map.of("throughput", Reading.noData("no series"));

    evaluator.evaluate(canary, stable, 1);
    evaluator.evaluate(canary, stable, 2);
    Evaluation third = evaluator.evaluate(canary, stable, 3);

    assertThat(third.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(third.verdict().reason())
        .isEqualTo(
            "no data for throughput in 3 samples in a row: stable side of throughput: no series");
  }

  @Test
  void aStableSideWithDataAgainResetsItsNoDataStreak() {
    GateEvaluator evaluator = new GateEvaluator(List.of(), METRICS, Map.of());
    Map<String, Reading> canary = reading("throughput", 90);
    Map<String, Reading> missing = Map.of("throughput", Reading.noData("no series"));

    evaluator.evaluate(canary, missing, 1);
    evaluator.evaluate(canary, missing, 2);
    evaluator.evaluate(canary, reading("throughput", 100), 3);
    Evaluation fourth = evaluator.evaluate(canary, missing, 4);

    assertThat(fourth.decided()).isFalse();
    assertThat(evaluator.consecutiveNoData()).containsEntry("throughput", 1);
  }

  @Test
  void aStableComparisonWithoutAStableMeasurementIsInconclusive() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(below("throughput", "-5% stable")), METRICS, Map.of());

    Evaluation evaluation = evaluator.evaluate(reading("throughput", 96), null, 1);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(evaluation.verdict().reason()).contains("no stable-side measurement for throughput");
  }

  @Test
  void aStableSideWithoutDataCountsAsNoData() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(below("throughput", "-5% stable")), METRICS, Map.of());
    Map<String, Reading> stable = Map.of("throughput", Reading.noData("query returned no series"));

    evaluator.evaluate(reading("throughput", 96), stable, 1);
    evaluator.evaluate(reading("throughput", 96), stable, 2);
    Evaluation third = evaluator.evaluate(reading("throughput", 96), stable, 3);

    assertThat(third.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(third.verdict().reason())
        .contains("stable side of throughput: query returned no series");
  }

  @Test
  void failsOnlyAfterFailureLimitBreachesInARow() {
    Map<String, MetricDefinition> metrics = Map.of("error_rate", prometheus(3, null));
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), metrics, Map.of());

    assertThat(evaluator.evaluate(reading("error_rate", 0.1), null, 1).decided()).isFalse();
    assertThat(evaluator.evaluate(reading("error_rate", 0.1), null, 2).decided()).isFalse();
    assertThat(evaluator.evaluate(reading("error_rate", 0.01), null, 3).decided()).isFalse();
    assertThat(evaluator.evaluate(reading("error_rate", 0.1), null, 4).decided()).isFalse();
    assertThat(evaluator.evaluate(reading("error_rate", 0.1), null, 5).decided()).isFalse();
    Evaluation sixth = evaluator.evaluate(reading("error_rate", 0.1), null, 6);

    assertThat(sixth.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(sixth.checks().get(0).streak()).isEqualTo(3);
    assertThat(sixth.checks().get(0).limit()).isEqualTo(3);
  }

  @Test
  void failsAfterTheGivenNumberOfConsecutiveProbeFailures() {
    GateEvaluator evaluator = new GateEvaluator(List.of(failures("health", 3)), Map.of(), Map.of());
    double[] probes = {0, 0, 1, 0, 0};
    for (int i = 0; i < probes.length; i++) {
      assertThat(evaluator.evaluate(reading("health", probes[i]), null, i + 1).decided()).isFalse();
    }

    Evaluation evaluation = evaluator.evaluate(reading("health", 0), null, 6);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(evaluation.verdict().trigger()).isEqualTo("health fails 3 times in a row");
    assertThat(evaluation.verdict().threshold()).isEqualTo("3 failures in a row");
  }

  @Test
  void isInconclusiveAfterInconclusiveLimitSamplesWithoutData() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), METRICS, Map.of());
    Map<String, Reading> empty = Map.of("error_rate", Reading.noData("query returned no series"));

    assertThat(evaluator.evaluate(empty, null, 1).decided()).isFalse();
    assertThat(evaluator.evaluate(empty, null, 2).decided()).isFalse();
    Evaluation third = evaluator.evaluate(empty, null, 3);

    assertThat(third.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(third.verdict().trigger()).isEqualTo("error_rate");
    assertThat(third.verdict().reason())
        .isEqualTo("no data for error_rate in 3 samples in a row: query returned no series");
  }

  @Test
  void nanAndInfinityAreNoData() {
    Map<String, MetricDefinition> metrics = Map.of("error_rate", prometheus(null, 2));
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), metrics, Map.of());

    assertThat(evaluator.evaluate(reading("error_rate", Double.NaN), null, 1).decided()).isFalse();
    Evaluation second =
        evaluator.evaluate(reading("error_rate", Double.POSITIVE_INFINITY), null, 2);

    assertThat(second.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(second.verdict().reason()).endsWith("value was +Inf");
  }

  @Test
  void aSampleWithDataResetsTheNoDataCount() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), METRICS, Map.of());
    Map<String, Reading> empty = Map.of("error_rate", Reading.noData("no series"));

    evaluator.evaluate(empty, null, 1);
    evaluator.evaluate(empty, null, 2);
    evaluator.evaluate(reading("error_rate", 0.01), null, 3);
    evaluator.evaluate(empty, null, 4);

    assertThat(evaluator.evaluate(empty, null, 5).decided()).isFalse();
    assertThat(evaluator.consecutiveNoData()).containsEntry("error_rate", 2);
  }

  @Test
  void metricsWithoutTriggersStillNeedData() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(), Map.of("health", prometheus(null, 1)), Map.of());

    Evaluation evaluation =
        evaluator.evaluate(Map.of("health", Reading.noData("probe down")), null, 1);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.INCONCLUSIVE);
  }

  @Test
  void aBreachDecidesBeforeAnotherMetricsLackOfData() {
    Map<String, MetricDefinition> metrics =
        Map.of("error_rate", prometheus(null, 1), "latency_p95", prometheus(null, 1));
    GateEvaluator evaluator =
        new GateEvaluator(
            List.of(above("latency_p95", "0.5"), above("error_rate", "0.05")), metrics, Map.of());
    Map<String, Reading> readings = new HashMap<>();
    readings.put("latency_p95", Reading.noData("no series"));
    readings.put("error_rate", Reading.of(0.2));

    Evaluation evaluation = evaluator.evaluate(readings, null, 1);

    assertThat(evaluation.verdict().outcome()).isEqualTo(Outcome.FAIL);
    assertThat(evaluation.verdict().trigger()).isEqualTo("error_rate above 0.05");
  }

  @Test
  void resumesFromCountersKeptByAnEarlierEvaluator() {
    Map<String, MetricDefinition> metrics = Map.of("error_rate", prometheus(3, null));
    Trigger trigger = above("error_rate", "0.05");
    GateEvaluator first = new GateEvaluator(List.of(trigger), metrics, Map.of());
    first.evaluate(reading("error_rate", 0.1), null, 1);
    first.evaluate(reading("error_rate", 0.1), null, 2);

    GateEvaluator resumed =
        new GateEvaluator(
            List.of(trigger),
            metrics,
            Map.of(),
            first.consecutiveBreaches(),
            first.consecutiveNoData());

    assertThat(resumed.evaluate(reading("error_rate", 0.1), null, 3).verdict().outcome())
        .isEqualTo(Outcome.FAIL);
  }

  @Test
  void leavesTriggersOfMetricsNotSampledThisTimeUnchecked() {
    GateEvaluator evaluator =
        new GateEvaluator(List.of(above("error_rate", "0.05")), METRICS, Map.of());

    Evaluation evaluation = evaluator.evaluate(reading("latency_p95", 3), null, 1);

    assertThat(evaluation.checks()).isEmpty();
    assertThat(evaluation.decided()).isFalse();
  }
}
