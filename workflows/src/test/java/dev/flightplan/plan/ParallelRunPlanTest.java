package dev.flightplan.plan;

import static dev.flightplan.plan.TestPlans.load;
import static dev.flightplan.plan.TestPlans.replacing;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code parallelRun} step, a metric's {@code stable} side and a Prometheus {@code range}: how they load, the
 * rules they follow and how the plan printer shows them.
 */
class ParallelRunPlanTest {
  private static final String RUN = "spec.phases[1].steps[1].parallelRun";

  private static final String METRICS =
      """
          error_rate: { prometheus: { query: 'sum(rate(errors{app="${app}"}[1m]))' } }
          latency_p95: { prometheus: { query: 'p95{app="${app}"}' } }
      """;

  /** The small valid plan with both sides of throughput and latency, and a parallel run before the canary. */
  private static String withParallelRun(String parallelRun) {
    return replacing(
            METRICS,
            """
                error_rate: { prometheus: { query: 'sum(rate(errors{app="${app}"}[1m]))' } }
                latency_p95:
                  prometheus: { query: 'p95{app="${app}-v2"}', range: 5m }
                  stable: { prometheus: { query: 'p95{app="${app}"}', range: 5m } }
                throughput:
                  prometheus: { query: 'sum(rate(requests{app="${app}-v2"}[1m]))' }
                  stable: { prometheus: { query: 'sum(rate(requests{app="${app}"}[1m]))' } }
                validation: { prometheus: { query: 'avg(validation_ratio{app="${app}-v2"})' } }
            """)
        .replace("        - canary:\n", "        - parallelRun: " + parallelRun + "\n        - canary:\n");
  }

  private static final String SEED_003 =
      "{ duration: 24h, interval: 1m, mirror: true, compare: [{ metric: throughput, below: -5% stable },"
          + " { metric: latency_p95, above: +10% stable }, { metric: validation, below: 0.8 }] }";

  private static LoadResult assertSingleError(String plan, String path, String message, String hint) {
    LoadResult result = load(plan);
    assertThat(result.plan()).isNull();
    assertThat(result.errors()).containsExactly(new PlanProblem(path, message, hint));
    return result;
  }

  @Test
  void loadsAParallelRunWithItsComparisons() {
    LoadResult result = load(withParallelRun(SEED_003));

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings()).isEmpty();
    assertThat(result.plan().spec().phases().get(1).steps().get(1))
        .isEqualTo(
            new Step.ParallelRun(
                PlanDuration.parse("24h"),
                PlanDuration.ofMinutes(1),
                null,
                List.of(
                    new Trigger("throughput", null, Threshold.parse("-5% stable"), null),
                    new Trigger("latency_p95", Threshold.parse("+10% stable"), null, null),
                    new Trigger("validation", null, Threshold.absolute(0.8), null)),
                true));
  }

  @Test
  void loadsTheStableSideAndTheRangeOfAMetricWithVariablesSubstituted() {
    MetricDefinition latency = load(withParallelRun(SEED_003)).plan().spec().metrics().get("latency_p95");

    assertThat(latency.prometheus()).isEqualTo(new PrometheusMetric("p95{app=\"checkout-v2\"}", PlanDuration.parse("5m")));
    assertThat(latency.stable())
        .isEqualTo(new StableSide(new PrometheusMetric("p95{app=\"checkout\"}", PlanDuration.parse("5m")), null, null));
    assertThat(latency.stableSide().prometheus().query()).isEqualTo("p95{app=\"checkout\"}");
  }

  @Test
  void needsAtLeastOneComparison() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [] }"),
        RUN + ".compare",
        "must list at least one comparison",
        "e.g. compare: [{ metric: throughput, below: -5% stable }, { metric: latency_p95, above: +10% stable }]");
  }

  @Test
  void requiresADurationAndComparisons() {
    LoadResult result = load(withParallelRun("{ interval: 1m }"));

    assertThat(result.errors())
        .containsExactly(
            new PlanProblem(RUN + ".duration", "missing required field", "parallelRun requires duration, compare"),
            new PlanProblem(RUN + ".compare", "missing required field", "parallelRun requires duration, compare"));
  }

  @Test
  void suggestsTheClosestFieldOfAParallelRun() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [{ metric: throughput, below: -5% stable }], mirorr: true }"),
        RUN + ".mirorr",
        "unknown field 'mirorr'",
        "did you mean 'mirror'?");
  }

  @Test
  void reportsAComparisonOfAnUnknownMetricWithTheClosestName() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [{ metric: througput, below: -5% stable }] }"),
        RUN + ".compare[0].metric",
        "unknown metric 'througput'",
        "did you mean 'throughput'? defined metrics: error_rate, latency_p95, throughput, validation, health");
  }

  @Test
  void refusesAComparisonByFailureCount() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [{ metric: throughput, failures: 3 }] }"),
        RUN + ".compare[0].failures",
        "a comparison judges the window's mean, not failures in a row",
        "use above or below, e.g. { metric: throughput, below: -5% stable }");
  }

  @Test
  void requiresExactlyOneConditionPerComparison() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [{ metric: throughput }] }"),
        RUN + ".compare[0]",
        "no condition set",
        "set exactly one of: above, below, failures");
  }

  @Test
  void refusesAComparisonWithTheStableSideOfAMetricThatDoesNotMeasureIt() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [{ metric: validation, below: -5% stable }] }"),
        RUN + ".compare[0].below",
        "'-5% stable' compares with the stable side, but metric validation does not say how to measure it",
        "add stable: { prometheus: { query: ... } } to spec.metrics.validation: the same query for the stable"
            + " version's pods");
  }

  @Test
  void refusesABaselineComparisonWithoutAnEarlierBaseline() {
    assertSingleError(
        withParallelRun("{ duration: 1h, compare: [{ metric: throughput, below: -20% baseline }] }"),
        RUN + ".compare[0].below",
        "'-20% baseline' needs a baseline of throughput before this parallel run",
        "add a baseline step measuring throughput earlier in the plan");
  }

  @Test
  void acceptsABaselineComparisonAfterABaseline() {
    String plan =
        withParallelRun("{ duration: 1h, compare: [{ metric: latency_p95, above: +20% baseline }] }");

    assertThat(load(plan).errors()).isEmpty();
  }

  @Test
  void needsTheIntervalWithinTheDuration() {
    assertSingleError(
        withParallelRun("{ duration: 1m, interval: 5m, compare: [{ metric: throughput, below: -5% stable }] }"),
        RUN + ".interval",
        "interval 5m is longer than the window 1m",
        "sample at least once per window");
  }

  @Test
  void checksTheMetricsItWatches() {
    assertSingleError(
        withParallelRun("{ duration: 1h, metrics: [eror_rate], compare: [{ metric: throughput, below: -5% stable }] }"),
        RUN + ".metrics[0]",
        "unknown metric 'eror_rate'",
        "did you mean 'error_rate'? defined metrics: error_rate, latency_p95, throughput, validation, health");
  }

  @Test
  void warnsWhenItRunsAfterAllTrafficMovedToTheNewVersion() {
    String plan =
        withParallelRun(SEED_003)
            .replace("        - parallelRun: " + SEED_003 + "\n", "")
            .replace("- approval:", "- parallelRun: " + SEED_003 + "\n        - approval:");
    LoadResult result = load(plan);

    assertThat(result.errors()).isEmpty();
    assertThat(result.warnings())
        .containsExactly(
            new PlanProblem(
                "spec.phases[1].steps[2].parallelRun",
                "runs after spec.phases[1].steps[1] (canary) sent all traffic to the new version: the stable side"
                    + " has none left to compare",
                "run the parallel run before it, on mirrored traffic or a share that an earlier step gives the"
                    + " new version"));
  }

  @Test
  void rejectsARangeShorterThanASecond() {
    assertSingleError(
        withParallelRun(SEED_003).replace("p95{app=\"${app}-v2\"}', range: 5m", "p95{app=\"${app}-v2\"}', range: 500ms"),
        "spec.metrics.latency_p95.prometheus.range",
        "range 500ms is shorter than a second",
        "a range query averages points at least a second apart: write e.g. range: 5m");
  }

  @Test
  void reportsABadRangeWithTheDurationParsersMessage() {
    LoadResult result =
        load(withParallelRun(SEED_003).replace("p95{app=\"${app}\"}', range: 5m", "p95{app=\"${app}\"}', range: long"));

    assertThat(result.errors())
        .extracting(PlanProblem::path)
        .containsExactly("spec.metrics.latency_p95.stable.prometheus.range");
  }

  @Test
  void requiresExactlyOneProviderOnTheStableSide() {
    assertSingleError(
        withParallelRun(SEED_003)
            .replace(
                "stable: { prometheus: { query: 'sum(rate(requests{app=\"${app}\"}[1m]))' } }",
                "stable: { prometheus: { query: up }, http: { url: 'http://old/health' } }"),
        "spec.metrics.throughput.stable",
        "more than one metric provider set: prometheus, http",
        "set exactly one of: prometheus, http, kubernetes");
  }

  @Test
  void checksAStableSideProbeLikeAnyProbe() {
    assertSingleError(
        withParallelRun(SEED_003)
            .replace(
                "stable: { prometheus: { query: 'sum(rate(requests{app=\"${app}\"}[1m]))' } }",
                "stable: { http: { url: 'old/health' } }"),
        "spec.metrics.throughput.stable.http.url",
        "'old/health' is not an http(s) URL",
        null);
  }

  @Test
  void printsWhatTheParallelRunComparesAndThatItUndoesNothing() {
    MigrationPlan plan = load(withParallelRun(SEED_003)).plan();

    assertThat(new PlanPrinter().describe(plan))
        .contains(
            "  2.2 parallelRun 24h (every 1m): old and new side by side on mirrored traffic, watching every rollback"
                + " trigger; then compare window means: throughput below -5% stable; latency_p95 above +10% stable;"
                + " validation below 0.8 | undo: nothing to undo");
  }
}
