package dev.flightplan.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.analysis.Verdict.Outcome;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed 003's verdict: validation at least 80 %, throughput at most 5 % lower, latency at most 10 % higher. */
class WindowComparisonTest {

  private static final Trigger THROUGHPUT = below("throughput", "-5% stable");
  private static final Trigger LATENCY = above("latency_p95", "+10% stable");
  private static final Trigger VALIDATION = below("validation", "0.8");
  private static final List<Trigger> SEED_003 = List.of(THROUGHPUT, LATENCY, VALIDATION);

  private static Trigger above(String metric, String threshold) {
    return new Trigger(metric, Threshold.parse(threshold), null, null);
  }

  private static Trigger below(String metric, String threshold) {
    return new Trigger(metric, null, Threshold.parse(threshold), null);
  }

  /** One tick: the new version's throughput, latency and validation, and the stable side's throughput and latency. */
  private static void tick(
      WindowComparison comparison, double throughput, double latency, double validation,
      double stableThroughput, double stableLatency) {
    comparison.add(
        Map.of(
            "throughput", Reading.of(throughput),
            "latency_p95", Reading.of(latency),
            "validation", Reading.of(validation)),
        Map.of("throughput", Reading.of(stableThroughput), "latency_p95", Reading.of(stableLatency)));
  }

  @Test
  void passesWhenEveryComparisonHoldsOnTheWindowMeans() {
    WindowComparison comparison = new WindowComparison(SEED_003, Map.of());
    tick(comparison, 96, 0.21, 0.9, 100, 0.2);
    tick(comparison, 98, 0.21, 0.8, 100, 0.2);

    Verdict verdict = comparison.verdict(2);

    assertThat(verdict.outcome()).isEqualTo(Outcome.PASS);
    assertThat(verdict.figures())
        .extracting(Figure::describe)
        .containsExactly(
            "throughput below -5% stable: canary 97, stable 100, limit 95: held (2 samples)",
            "latency_p95 above +10% stable: canary 0.21, stable 0.2, limit 0.22: held (2 samples)",
            "validation below 0.8: canary 0.85, limit 0.8: held (2 samples)");
    assertThat(verdict.reason()).isEqualTo("every trigger and comparison held over 2 samples");
  }

  @Test
  void judgesTheMeanSoThatOneBadTickDoesNotDecide() {
    WindowComparison comparison = new WindowComparison(List.of(THROUGHPUT), Map.of());
    tick(comparison, 80, 0.2, 1, 100, 0.2);
    tick(comparison, 100, 0.2, 1, 100, 0.2);
    tick(comparison, 110, 0.2, 1, 100, 0.2);

    assertThat(comparison.verdict(3).outcome()).isEqualTo(Outcome.PASS);
  }

  @Test
  void failsOnTheFirstComparisonThatBreaksAndKeepsEveryFigure() {
    WindowComparison comparison = new WindowComparison(SEED_003, Map.of());
    tick(comparison, 94, 0.25, 0.9, 100, 0.2);

    Verdict verdict = comparison.verdict(1);

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.trigger()).isEqualTo("throughput below -5% stable");
    assertThat(verdict.value()).isEqualTo(94);
    assertThat(verdict.threshold()).isEqualTo("-5% stable (= 95 with stable at 100)");
    assertThat(verdict.reason())
        .isEqualTo(
            "throughput below -5% stable: window mean 94, limit -5% stable (= 95 with stable at 100)"
                + " over 1 samples");
    assertThat(verdict.figures())
        .extracting(Figure::outcome)
        .containsExactly(Figure.Outcome.BREACHED, Figure.Outcome.BREACHED, Figure.Outcome.HELD);
  }

  @Test
  void aStableSideWithoutDataIsInconclusiveNeverAPass() {
    WindowComparison comparison = new WindowComparison(List.of(THROUGHPUT), Map.of());
    comparison.add(
        Map.of("throughput", Reading.of(120)),
        Map.of("throughput", Reading.noData("no series")));

    Verdict verdict = comparison.verdict(1);

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.reason())
        .isEqualTo("cannot compare throughput below -5% stable: no data from the stable side in the window");
    assertThat(verdict.figures())
        .singleElement()
        .satisfies(
            figure -> {
              assertThat(figure.outcome()).isEqualTo(Figure.Outcome.NO_DATA);
              assertThat(figure.canary()).isEqualTo(120);
              assertThat(figure.stable()).isNull();
            });
  }

  @Test
  void aNewVersionWithoutDataIsInconclusive() {
    WindowComparison comparison = new WindowComparison(List.of(VALIDATION), Map.of());
    comparison.add(Map.of("validation", Reading.noData("NaN")), Map.of());

    Verdict verdict = comparison.verdict(1);

    assertThat(verdict.outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(verdict.reason()).endsWith("no data from the new version in the window");
  }

  @Test
  void aBreachDecidesEvenWhenAnotherComparisonLacksData() {
    WindowComparison comparison = new WindowComparison(List.of(THROUGHPUT, VALIDATION), Map.of());
    comparison.add(Map.of("throughput", Reading.of(120), "validation", Reading.of(0.5)), Map.of());

    Verdict verdict = comparison.verdict(1);

    assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
    assertThat(verdict.trigger()).isEqualTo("validation below 0.8");
  }

  @Test
  void skipsTicksWithoutDataWhenAveraging() {
    WindowComparison comparison = new WindowComparison(List.of(THROUGHPUT), Map.of());
    tick(comparison, 90, 0, 0, 100, 0);
    comparison.add(
        Map.of("throughput", Reading.noData("scrape missed")),
        Map.of("throughput", Reading.of(100)));
    tick(comparison, 100, 0, 0, 100, 0);

    Figure figure = comparison.figures().get(0);

    assertThat(figure.canary()).isEqualTo(95);
    assertThat(figure.samples()).isEqualTo(2);
    assertThat(figure.outcome()).isEqualTo(Figure.Outcome.HELD);
  }

  @Test
  void comparesWithTheBaselineWhenTheLimitSaysSo() {
    Trigger comparison = below("throughput", "-20% baseline");
    WindowComparison withBaseline =
        new WindowComparison(
            List.of(comparison), Map.of("throughput", new BaselineValue(17, 20, 21, 60)));
    WindowComparison withoutBaseline = new WindowComparison(List.of(comparison), Map.of());
    Map<String, Reading> canary = Map.of("throughput", Reading.of(13));
    withBaseline.add(canary, Map.of());
    withoutBaseline.add(canary, Map.of());

    assertThat(withBaseline.verdict(1).outcome()).isEqualTo(Outcome.FAIL);
    assertThat(withBaseline.verdict(1).threshold()).isEqualTo("-20% baseline (= 13.6)");
    assertThat(withoutBaseline.verdict(1).outcome()).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(withoutBaseline.verdict(1).reason()).endsWith("no baseline of throughput was measured");
  }

  @Test
  void resumesFromTheMeansAnInterruptedWindowCarried() {
    WindowComparison first = new WindowComparison(List.of(THROUGHPUT), Map.of());
    tick(first, 90, 0, 0, 100, 0);
    WindowComparison resumed =
        new WindowComparison(List.of(THROUGHPUT), Map.of(), first.canaryMeans(), first.stableMeans());
    tick(resumed, 100, 0, 0, 100, 0);

    assertThat(resumed.figures().get(0).canary()).isEqualTo(95);
    assertThat(resumed.figures().get(0).samples()).isEqualTo(2);
  }
}
