package dev.flightplan.analysis;

import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parallel run's comparisons: it keeps the window mean of both sides of every compared metric, and
 * at the end of the window judges the new version's mean against each comparison's limit (an
 * absolute number, the baseline, or the stable side's mean). A breach is evidence and fails; a side
 * without data leaves the question open and is inconclusive, never a pass. The means can be read
 * back and handed to a new instance, so a window resumed on another worker keeps its samples. Pure:
 * no I/O, no clock.
 */
public final class WindowComparison {
  private final List<Trigger> comparisons;
  private final Map<String, BaselineValue> baselines;
  private final Map<String, RunningMean> canary;
  private final Map<String, RunningMean> stable;

  public WindowComparison(List<Trigger> comparisons, Map<String, BaselineValue> baselines) {
    this(comparisons, baselines, Map.of(), Map.of());
  }

  public WindowComparison(
      List<Trigger> comparisons,
      Map<String, BaselineValue> baselines,
      Map<String, RunningMean> canary,
      Map<String, RunningMean> stable) {
    this.comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    this.baselines = baselines == null ? Map.of() : Map.copyOf(baselines);
    this.canary = new LinkedHashMap<>(canary == null ? Map.of() : canary);
    this.stable = new LinkedHashMap<>(stable == null ? Map.of() : stable);
  }

  public boolean isEmpty() {
    return comparisons.isEmpty();
  }

  /** The metrics compared, in the order of the comparisons. */
  public Set<String> metrics() {
    Set<String> metrics = new LinkedHashSet<>();
    comparisons.forEach(c -> metrics.add(c.metric()));
    return metrics;
  }

  /** Adds one tick's readings of both sides; metrics not compared and readings without data are skipped. */
  public void add(Map<String, Reading> canaryReadings, Map<String, Reading> stableReadings) {
    for (String metric : metrics()) {
      addTo(canary, metric, canaryReadings == null ? null : canaryReadings.get(metric));
      addTo(stable, metric, stableReadings == null ? null : stableReadings.get(metric));
    }
  }

  private static void addTo(Map<String, RunningMean> means, String metric, Reading reading) {
    if (reading != null && reading.hasValue()) {
      means.put(metric, means.getOrDefault(metric, RunningMean.EMPTY).plus(reading.value()));
    }
  }

  public Map<String, RunningMean> canaryMeans() {
    return Map.copyOf(canary);
  }

  public Map<String, RunningMean> stableMeans() {
    return Map.copyOf(stable);
  }

  /** Every comparison's figures as the window stands now. */
  public List<Figure> figures() {
    List<Figure> figures = new ArrayList<>();
    for (Trigger comparison : comparisons) {
      figures.add(judge(comparison).figure());
    }
    return figures;
  }

  /**
   * The window's verdict after {@code samples} ticks: FAIL on the first comparison that breaks,
   * else INCONCLUSIVE on the first that lacks data, else PASS; every figure attached.
   */
  public Verdict verdict(int samples) {
    List<Judgement> judgements = comparisons.stream().map(this::judge).toList();
    List<Figure> figures = judgements.stream().map(Judgement::figure).toList();
    for (Judgement judgement : judgements) {
      if (judgement.figure().outcome() == Figure.Outcome.BREACHED) {
        Figure figure = judgement.figure();
        return Verdict.fail(figure.trigger(), figure.canary(), judgement.limitText(), samples)
            .withReason(
                figure.trigger()
                    + ": window mean "
                    + GateEvaluator.format(figure.canary())
                    + ", limit "
                    + judgement.limitText()
                    + " over "
                    + figure.samples()
                    + " samples")
            .withFigures(figures);
      }
    }
    for (Judgement judgement : judgements) {
      if (judgement.figure().outcome() == Figure.Outcome.NO_DATA) {
        Figure figure = judgement.figure();
        return Verdict.inconclusive(
                figure.trigger(),
                "cannot compare " + figure.trigger() + ": " + figure.note(),
                samples)
            .withFigures(figures);
      }
    }
    return Verdict.pass(samples)
        .withReason("every trigger and comparison held over " + samples + " samples")
        .withFigures(figures);
  }

  private record Judgement(Figure figure, String limitText) {}

  private Judgement judge(Trigger comparison) {
    String metric = comparison.metric();
    String described = comparison.describe();
    boolean above = comparison.above() != null;
    Threshold threshold = above ? comparison.above() : comparison.below();
    RunningMean newSide = canary.getOrDefault(metric, RunningMean.EMPTY);
    RunningMean oldSide = stable.getOrDefault(metric, RunningMean.EMPTY);
    Double canaryMean = newSide.samples() == 0 ? null : newSide.mean();
    Double stableMean = oldSide.samples() == 0 ? null : oldSide.mean();
    if (threshold == null) {
      return noData(
          described, canaryMean, stableMean, newSide, "a comparison needs above or below");
    }
    if (canaryMean == null) {
      return noData(
          described, null, stableMean, newSide, "no data from the new version in the window");
    }
    Double reference =
        switch (threshold.reference()) {
          case NONE -> 0.0;
          case BASELINE -> baselines.containsKey(metric) ? baselines.get(metric).mean() : null;
          case STABLE -> stableMean;
        };
    if (reference == null) {
      String why =
          threshold.reference() == Threshold.Reference.STABLE
              ? "no data from the stable side in the window"
              : "no baseline of " + metric + " was measured";
      return noData(described, canaryMean, stableMean, newSide, why);
    }
    double limit = threshold.limit(reference);
    boolean breached = above ? canaryMean > limit : canaryMean < limit;
    String limitText =
        GateEvaluator.limitText(
            threshold,
            limit,
            threshold.reference() == Threshold.Reference.STABLE ? stableMean : null);
    return new Judgement(
        new Figure(
            described,
            canaryMean,
            stableMean,
            limit,
            breached ? Figure.Outcome.BREACHED : Figure.Outcome.HELD,
            newSide.samples(),
            null),
        limitText);
  }

  private static Judgement noData(
      String trigger, Double canaryMean, Double stableMean, RunningMean newSide, String why) {
    return new Judgement(
        new Figure(
            trigger, canaryMean, stableMean, null, Figure.Outcome.NO_DATA, newSide.samples(), why),
        null);
  }
}
