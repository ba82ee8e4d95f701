package dev.flightplan.analysis;

import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides, sample after sample, whether an observation window's triggers hold. It remembers
 * consecutive breaches per trigger (against the metric's {@code failureLimit}, or the trigger's
 * {@code failures}) and consecutive samples without data per metric (against {@code
 * inconclusiveLimit}); both counters can be read back and handed to a new evaluator, so a window
 * interrupted on one worker resumes on another. Pure: no I/O, no clock.
 *
 * <p>A relative threshold compares against the mean kept by a {@code baseline} step, or against the
 * stable side measured in the same window.
 */
public final class GateEvaluator {
  public static final int DEFAULT_FAILURE_LIMIT = 1;
  public static final int DEFAULT_INCONCLUSIVE_LIMIT = 3;

  private final List<Trigger> triggers;
  private final Map<String, MetricDefinition> metrics;
  private final Map<String, BaselineValue> baselines;
  private final Map<String, Integer> consecutiveBreaches;
  private final Map<String, Integer> consecutiveNoData;

  /**
   * What one sample decided: every check made, and a verdict once the window is decided (else
   * null).
   */
  public record Evaluation(List<GateCheck> checks, Verdict verdict) {
    public boolean decided() {
      return verdict != null;
    }
  }

  public GateEvaluator(
      List<Trigger> triggers,
      Map<String, MetricDefinition> metrics,
      Map<String, BaselineValue> baselines) {
    this(triggers, metrics, baselines, Map.of(), Map.of());
  }

  public GateEvaluator(
      List<Trigger> triggers,
      Map<String, MetricDefinition> metrics,
      Map<String, BaselineValue> baselines,
      Map<String, Integer> consecutiveBreaches,
      Map<String, Integer> consecutiveNoData) {
    this.triggers = triggers == null ? List.of() : List.copyOf(triggers);
    this.metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    this.baselines = baselines == null ? Map.of() : Map.copyOf(baselines);
    this.consecutiveBreaches =
        new HashMap<>(consecutiveBreaches == null ? Map.of() : consecutiveBreaches);
    this.consecutiveNoData =
        new HashMap<>(consecutiveNoData == null ? Map.of() : consecutiveNoData);
  }

  /** The key under which a trigger's consecutive breaches are counted. */
  public static String key(Trigger trigger) {
    return trigger.describe();
  }

  public Map<String, Integer> consecutiveBreaches() {
    return Map.copyOf(consecutiveBreaches);
  }

  public Map<String, Integer> consecutiveNoData() {
    return Map.copyOf(consecutiveNoData);
  }

  /**
   * Records one sample. {@code readings} holds the metrics sampled this time (a metric with a
   * longer interval may be absent: its triggers are not checked); {@code stableReadings} the stable
   * side of each metric where the window measures one, else null or without that metric. A breach
   * decides before a lack of data: it is evidence.
   */
  public Evaluation evaluate(
      Map<String, Reading> readings, Map<String, Reading> stableReadings, int samples) {
    List<GateCheck> checks = new ArrayList<>();
    Map<String, String> noDataReasons = new LinkedHashMap<>();
    Verdict failed = null;
    Verdict undecidable = null;

    for (Map.Entry<String, Reading> entry : readings.entrySet()) {
      if (!entry.getValue().hasValue()) {
        noDataReasons.putIfAbsent(entry.getKey(), entry.getValue().reason());
      }
    }
    // A stable side measured without data is no data for its metric, whether or not a trigger
    // compares with it now: a comparison made later in the window needs it too.
    if (stableReadings != null) {
      for (Map.Entry<String, Reading> entry : stableReadings.entrySet()) {
        if (readings.containsKey(entry.getKey()) && !entry.getValue().hasValue()) {
          noDataReasons.putIfAbsent(
              entry.getKey(),
              "stable side of " + entry.getKey() + ": " + entry.getValue().reason());
        }
      }
    }
    for (Trigger trigger : triggers) {
      Reading reading = readings.get(trigger.metric());
      if (reading == null) {
        continue;
      }
      Reading stable = stableReadings == null ? null : stableReadings.get(trigger.metric());
      GateCheck check = check(trigger, reading, baselines, stable);
      switch (check.status()) {
        case BREACH -> {
          int streak = consecutiveBreaches.merge(key(trigger), 1, Integer::sum);
          int limit = breachLimit(trigger);
          check = check.counted(streak, limit);
          if (streak >= limit && failed == null) {
            failed =
                Verdict.fail(trigger.describe(), check.value(), check.threshold(), samples)
                    .withFigures(stableFigure(trigger, check, stable, samples));
          }
        }
        // A sample without data neither extends nor breaks a streak of breaches: a gap in the data
        // is no
        // evidence of recovery.
        case OK -> consecutiveBreaches.put(key(trigger), 0);
        case NO_DATA -> noDataReasons.putIfAbsent(trigger.metric(), check.reason());
        case INCONCLUSIVE -> {
          if (undecidable == null) {
            undecidable = Verdict.inconclusive(trigger.describe(), check.reason(), samples);
          }
        }
      }
      checks.add(check);
    }

    Verdict withoutData = null;
    for (String metric : readings.keySet()) {
      String reason = noDataReasons.get(metric);
      if (reason == null) {
        consecutiveNoData.put(metric, 0);
        continue;
      }
      int streak = consecutiveNoData.merge(metric, 1, Integer::sum);
      int limit = inconclusiveLimit(metric);
      if (streak >= limit && withoutData == null) {
        withoutData =
            Verdict.inconclusive(
                metric,
                "no data for " + metric + " in " + streak + " samples in a row: " + reason,
                samples);
      }
    }
    Verdict verdict = failed != null ? failed : undecidable != null ? undecidable : withoutData;
    return new Evaluation(List.copyOf(checks), verdict);
  }

  /**
   * Checks one trigger against one sample, without memory. {@code stable} is the stable side
   * measured in the same window, or null when the window measures none.
   */
  public static GateCheck check(
      Trigger trigger, Reading reading, Map<String, BaselineValue> baselines, Reading stable) {
    if (isFailureCount(trigger)) {
      int failures = failuresAllowed(trigger);
      String threshold = failures + (failures == 1 ? " failure" : " failures in a row");
      if (!reading.hasValue()) {
        return GateCheck.noData(trigger, reading.reason());
      }
      // A probe reads 1 when healthy and 0 when not.
      return reading.value() == 0
          ? GateCheck.breach(trigger, reading.value(), threshold)
          : GateCheck.ok(trigger, reading.value(), threshold);
    }

    GateCheck result = null;
    for (Bound bound : bounds(trigger)) {
      Limit limit = resolve(trigger, bound.threshold(), baselines, stable);
      if (limit.inconclusiveReason() != null) {
        return GateCheck.inconclusive(trigger, limit.inconclusiveReason());
      }
      if (limit.noDataReason() != null) {
        return GateCheck.noData(trigger, limit.noDataReason());
      }
      if (!reading.hasValue()) {
        return GateCheck.noData(trigger, reading.reason());
      }
      double value = reading.value();
      boolean breached = bound.above() ? value > limit.value() : value < limit.value();
      if (breached) {
        return GateCheck.breach(trigger, value, limit.text());
      }
      if (result == null) {
        result = GateCheck.ok(trigger, value, limit.text());
      }
    }
    return result;
  }

  private record Bound(boolean above, Threshold threshold) {}

  private record Limit(double value, String text, String noDataReason, String inconclusiveReason) {}

  private static List<Bound> bounds(Trigger trigger) {
    List<Bound> bounds = new ArrayList<>(2);
    if (trigger.above() != null) {
      bounds.add(new Bound(true, trigger.above()));
    }
    if (trigger.below() != null) {
      bounds.add(new Bound(false, trigger.below()));
    }
    return bounds;
  }

  private static Limit resolve(
      Trigger trigger, Threshold threshold, Map<String, BaselineValue> baselines, Reading stable) {
    String metric = trigger.metric();
    return switch (threshold.reference()) {
      case NONE -> new Limit(threshold.value(), threshold.text(), null, null);
      case BASELINE -> {
        BaselineValue baseline = baselines == null ? null : baselines.get(metric);
        if (baseline == null) {
          yield new Limit(
              0,
              null,
              null,
              "no baseline for "
                  + metric
                  + ": add a baseline step measuring "
                  + metric
                  + " before this window");
        }
        double limit = threshold.limit(baseline.mean());
        yield new Limit(limit, limitText(threshold, limit, null), null, null);
      }
      case STABLE -> {
        if (stable == null) {
          yield new Limit(
              0,
              null,
              null,
              "no stable-side measurement for "
                  + metric
                  + ": say how to measure it with stable: { prometheus: { query: ... } } in"
                  + " spec.metrics."
                  + metric);
        }
        if (!stable.hasValue()) {
          yield new Limit(0, null, "stable side of " + metric + ": " + stable.reason(), null);
        }
        double limit = threshold.limit(stable.value());
        yield new Limit(limit, limitText(threshold, limit, stable.value()), null, null);
      }
    };
  }

  /**
   * A relative limit as written and in the metric's unit, with the stable value it came from when
   * there is one: {@code +10% stable (= 0.11 with stable at 0.1)}.
   */
  static String limitText(Threshold threshold, double limit, Double stableValue) {
    if (!threshold.isRelative()) {
      return threshold.text();
    }
    return threshold.text()
        + " (= "
        + format(limit)
        + (stableValue == null ? "" : " with stable at " + format(stableValue))
        + ")";
  }

  /** The figures behind a breach of a threshold relative to the stable side; none otherwise. */
  private static List<Figure> stableFigure(
      Trigger trigger, GateCheck check, Reading stable, int samples) {
    Threshold threshold = trigger.above() != null ? trigger.above() : trigger.below();
    if (threshold == null
        || threshold.reference() != Threshold.Reference.STABLE
        || stable == null
        || !stable.hasValue()) {
      return List.of();
    }
    return List.of(
        new Figure(
            trigger.describe(),
            check.value(),
            stable.value(),
            threshold.limit(stable.value()),
            Figure.Outcome.BREACHED,
            1,
            "sample " + samples));
  }

  private static boolean isFailureCount(Trigger trigger) {
    return trigger.above() == null && trigger.below() == null;
  }

  private static int failuresAllowed(Trigger trigger) {
    return trigger.failures() == null ? 1 : Math.max(1, trigger.failures());
  }

  private int breachLimit(Trigger trigger) {
    if (isFailureCount(trigger)) {
      return failuresAllowed(trigger);
    }
    MetricDefinition definition = metrics.get(trigger.metric());
    Integer limit = definition == null ? null : definition.failureLimit();
    return limit == null ? DEFAULT_FAILURE_LIMIT : Math.max(1, limit);
  }

  private int inconclusiveLimit(String metric) {
    MetricDefinition definition = metrics.get(metric);
    Integer limit = definition == null ? null : definition.inconclusiveLimit();
    return limit == null ? DEFAULT_INCONCLUSIVE_LIMIT : Math.max(1, limit);
  }

  /** Four significant digits, without trailing zeros: 0.84, 95.2, 1200. */
  public static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
