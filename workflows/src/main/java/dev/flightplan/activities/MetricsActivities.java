package dev.flightplan.activities;

import dev.flightplan.analysis.BaselineValue;
import dev.flightplan.analysis.RunningMean;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.Trigger;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

/** Measurement and analysis. */
@ActivityInterface(namePrefix = "Metrics")
public interface MetricsActivities {

  /**
   * One observation window: samples every {@code intervalMillis} for {@code durationMillis} (or {@code count}
   * samples when set), checking the triggers after each sample and returning early on the first breach. Heartbeats
   * its progress, so a retry on another worker resumes where it stopped; returns within seconds when cancelled.
   */
  Verdict observe(ObserveRequest request);

  /** Samples the metrics over a window and returns their mean, p95 and p99. */
  Map<String, BaselineValue> baseline(BaselineRequest request);

  /**
   * {@code metrics} are the definitions the triggers refer to, with the plan's vars already substituted;
   * {@code baselines} the values kept by earlier baseline steps. {@code compare} (a parallel run's comparisons,
   * may be null, and left out of the JSON then, so workers that predate it still read other windows) are judged once, on the window means of both sides, when the window has run its course; a metric
   * whose definition has a {@code stable} side is sampled on both sides when a trigger or comparison needs it.
   */
  record ObserveRequest(
      String label,
      Map<String, MetricDefinition> metrics,
      List<Trigger> triggers,
      Map<String, BaselineValue> baselines,
      long durationMillis,
      long intervalMillis,
      Integer count,
      String namespace,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Trigger> compare) {

    /** A window without comparisons. */
    public ObserveRequest(
        String label,
        Map<String, MetricDefinition> metrics,
        List<Trigger> triggers,
        Map<String, BaselineValue> baselines,
        long durationMillis,
        long intervalMillis,
        Integer count,
        String namespace) {
      this(label, metrics, triggers, baselines, durationMillis, intervalMillis, count, namespace, null);
    }
  }

  /**
   * Preflight: asks each metric's provider for one sample (and the stable side's, when defined) without judging it,
   * so that a query the provider rejects, an unknown measure or a malformed probe URL stops the migration before it
   * changes anything. A sample without data is not a problem then (the canary may not exist yet): it is a note.
   */
  ProbeResult probe(ProbeRequest request);

  record ProbeRequest(Map<String, MetricDefinition> metrics, String namespace) {}

  /** {@code problems}: one line per metric its provider refused; {@code noData}: metrics that answered nothing yet. */
  record ProbeResult(List<String> problems, List<String> noData) {}

  record BaselineRequest(Map<String, MetricDefinition> metrics, long windowMillis, long intervalMillis, String namespace) {}

  /**
   * Where an interrupted window had got to; carried in heartbeat details. {@code canaryMeans} and {@code stableMeans}
   * are a parallel run's running means of both sides (null outside one).
   */
  record ObserveProgress(long elapsedMillis, int samples, Map<String, Integer> consecutiveBreaches,
      Map<String, Integer> consecutiveNoData,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, RunningMean> canaryMeans,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, RunningMean> stableMeans) {

    public ObserveProgress(long elapsedMillis, int samples, Map<String, Integer> consecutiveBreaches,
        Map<String, Integer> consecutiveNoData) {
      this(elapsedMillis, samples, consecutiveBreaches, consecutiveNoData, null, null);
    }
  }
}
