package dev.flightplan.metrics;

import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.analysis.BaselineValue;
import dev.flightplan.analysis.GateCheck;
import dev.flightplan.analysis.GateEvaluator;
import dev.flightplan.analysis.Reading;
import dev.flightplan.analysis.SampleStatistics;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.analysis.WindowComparison;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observation windows and baselines as single long-running activities: they sample on their own
 * schedule, heartbeat their progress after every sample and at least every second while waiting (so
 * cancellation reaches them within seconds, even in a seven-day window), and resume from the last
 * heartbeat when retried on another worker.
 */
public final class MetricsActivitiesImpl implements MetricsActivities {
  private static final Logger log = LoggerFactory.getLogger(MetricsActivitiesImpl.class);
  static final long HEARTBEAT_EVERY_MILLIS = 1_000;

  private final MetricProvider provider;
  private final Ticker ticker;

  /**
   * {@code prometheusUrl} and {@code kubernetes} may be null: metrics of that kind then have no
   * data, with a reason saying what to configure.
   */
  public MetricsActivitiesImpl(String prometheusUrl, HttpClient http, KubernetesClient kubernetes) {
    this(prometheusUrl, http, kubernetes, PrometheusProvider.DEFAULT_TIMEOUT);
  }

  public MetricsActivitiesImpl(
      String prometheusUrl,
      HttpClient http,
      KubernetesClient kubernetes,
      Duration prometheusTimeout) {
    this(
        new MetricSources(
            new PrometheusProvider(prometheusUrl, http, prometheusTimeout),
            new HttpProbeProvider(http),
            new KubernetesProvider(kubernetes)),
        Ticker.system());
  }

  public MetricsActivitiesImpl(MetricProvider provider, Ticker ticker) {
    this.provider = provider;
    this.ticker = ticker;
  }

  @Override
  public Verdict observe(ObserveRequest request) {
    Map<String, MetricDefinition> metrics =
        request.metrics() == null ? Map.of() : request.metrics();
    List<Trigger> triggers = request.triggers() == null ? List.of() : request.triggers();
    List<Trigger> compare = request.compare() == null ? List.of() : request.compare();
    validate(metrics, triggers, request.intervalMillis());
    validateComparisons(metrics, compare);
    String label = request.label() == null ? "observation" : request.label();

    ActivityExecutionContext context = Activity.getExecutionContext();
    ObserveProgress resumed = context.getHeartbeatDetails(ObserveProgress.class).orElse(null);
    GateEvaluator evaluator =
        resumed == null
            ? new GateEvaluator(triggers, metrics, request.baselines())
            : new GateEvaluator(
                triggers,
                metrics,
                request.baselines(),
                resumed.consecutiveBreaches(),
                resumed.consecutiveNoData());
    WindowComparison comparison =
        resumed == null
            ? new WindowComparison(compare, request.baselines())
            : new WindowComparison(
                compare, request.baselines(), resumed.canaryMeans(), resumed.stableMeans());
    Window window = new Window(request, resumed);
    if (resumed != null) {
      log.info(
          "Resuming {} at sample {} after {} ms",
          label,
          resumed.samples(),
          resumed.elapsedMillis());
    }
    Schedule schedule = new Schedule(metrics, request.intervalMillis());
    Set<String> bothSides = measuredOnBothSides(metrics, triggers, compare);

    while (!window.complete()) {
      Map<String, MetricDefinition> due = schedule.due(window.plannedElapsed());
      Map<String, Reading> readings = sample(due, request.namespace());
      Map<String, Reading> stableReadings = sampleStable(due, bothSides, request.namespace());
      window.sampled();
      GateEvaluator.Evaluation evaluation =
          evaluator.evaluate(readings, stableReadings, window.samples);
      comparison.add(readings, stableReadings);
      logBreaches(label, evaluation);
      context.heartbeat(window.progress(evaluator, comparison));
      if (evaluation.decided()) {
        Verdict verdict = evaluation.verdict();
        log.info(
            "{} ends {} after {} samples: {}",
            label,
            verdict.outcome(),
            verdict.samples(),
            verdict.reason());
        return verdict;
      }
      waitUntil(
          window.nextSampleAt(), () -> context.heartbeat(window.progress(evaluator, comparison)));
    }
    if (!comparison.isEmpty()) {
      Verdict verdict = comparison.verdict(window.samples);
      log.info(
          "{} ends {} after {} samples: {}",
          label,
          verdict.outcome(),
          verdict.samples(),
          verdict.reason());
      return verdict;
    }
    log.info("{} ends PASS after {} samples", label, window.samples);
    return Verdict.pass(window.samples);
  }

  /**
   * The metrics whose stable side this window samples: those with a stable definition that a
   * trigger relative to {@code stable} or a comparison needs.
   */
  private static Set<String> measuredOnBothSides(
      Map<String, MetricDefinition> metrics, List<Trigger> triggers, List<Trigger> compare) {
    Set<String> both = new LinkedHashSet<>();
    for (Trigger trigger : triggers) {
      if (refersToStable(trigger)) {
        both.add(trigger.metric());
      }
    }
    compare.forEach(c -> both.add(c.metric()));
    both.removeIf(name -> metrics.get(name) == null || !metrics.get(name).measuresStable());
    return both;
  }

  private static boolean refersToStable(Trigger trigger) {
    return (trigger.above() != null && trigger.above().reference() == Threshold.Reference.STABLE)
        || (trigger.below() != null && trigger.below().reference() == Threshold.Reference.STABLE);
  }

  private Map<String, Reading> sampleStable(
      Map<String, MetricDefinition> due, Set<String> bothSides, String namespace) {
    Map<String, Reading> readings = new LinkedHashMap<>();
    due.forEach(
        (name, definition) -> {
          if (bothSides.contains(name)) {
            readings.put(
                name,
                provider.sample(name + " (stable side)", definition.stableSide(), namespace));
          }
        });
    return readings;
  }

  @Override
  public ProbeResult probe(ProbeRequest request) {
    Map<String, MetricDefinition> metrics = request.metrics() == null ? Map.of() : request.metrics();
    List<String> problems = new ArrayList<>();
    List<String> noData = new ArrayList<>();
    metrics.forEach(
        (name, definition) -> {
          probeOne(name, definition, request.namespace(), problems, noData);
          if (definition.measuresStable()) {
            probeOne(name + " (stable side)", definition.stableSide(), request.namespace(), problems, noData);
          }
        });
    log.info(
        "probed {} metric(s): {} refused, {} without data yet", metrics.size(), problems.size(), noData.size());
    return new ProbeResult(problems, noData);
  }

  private void probeOne(
      String name, MetricDefinition definition, String namespace, List<String> problems, List<String> noData) {
    try {
      Reading reading = provider.sample(name, definition, namespace);
      if (!reading.hasValue()) {
        noData.add(name + ": " + reading.reason());
      }
    } catch (ApplicationFailure refused) {
      problems.add(refused.getOriginalMessage());
    }
  }

  @Override
  public Map<String, BaselineValue> baseline(BaselineRequest request) {
    Map<String, MetricDefinition> metrics =
        request.metrics() == null ? Map.of() : request.metrics();
    validate(metrics, List.of(), request.intervalMillis());
    ActivityExecutionContext context = Activity.getExecutionContext();
    Map<String, List<Double>> values = new TreeMap<>();
    Map<String, String> lastReason = new HashMap<>();
    metrics.keySet().forEach(name -> values.put(name, new ArrayList<>()));

    long start = ticker.nowMillis();
    long interval = request.intervalMillis();
    int samples = 0;
    Schedule schedule = new Schedule(metrics, interval);
    while (samples == 0 || (long) samples * interval < request.windowMillis()) {
      Map<String, Reading> readings =
          sample(schedule.due((long) samples * interval), request.namespace());
      readings.forEach(
          (name, reading) -> {
            if (reading.hasValue()) {
              values.get(name).add(reading.value());
            } else {
              lastReason.put(name, reading.reason());
            }
          });
      samples++;
      int taken = samples;
      context.heartbeat(taken);
      waitUntil(start + (long) samples * interval, () -> context.heartbeat(taken));
    }

    Map<String, BaselineValue> baselines = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> entry : values.entrySet()) {
      if (entry.getValue().isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "no data for "
                + entry.getKey()
                + " in "
                + samples
                + " samples over the "
                + PlanDuration.ofMillis(request.windowMillis())
                + " baseline window (last: "
                + lastReason.get(entry.getKey())
                + "): a baseline without data cannot protect anyone",
            "BaselineWithoutData");
      }
      BaselineValue baseline = SampleStatistics.summarize(entry.getValue());
      log.info(
          "Baseline of {}: mean {}, p95 {}, p99 {} over {} samples",
          entry.getKey(),
          baseline.mean(),
          baseline.p95(),
          baseline.p99(),
          baseline.samples());
      baselines.put(entry.getKey(), baseline);
    }
    return baselines;
  }

  private Map<String, Reading> sample(Map<String, MetricDefinition> due, String namespace) {
    Map<String, Reading> readings = new LinkedHashMap<>();
    due.forEach(
        (name, definition) -> readings.put(name, provider.sample(name, definition, namespace)));
    return readings;
  }

  /**
   * Sleeps until {@code targetMillis} on the ticker, heartbeating at least every second so
   * cancellation is seen.
   */
  private void waitUntil(long targetMillis, Runnable heartbeat) {
    long remaining;
    while ((remaining = targetMillis - ticker.nowMillis()) > 0) {
      try {
        ticker.sleep(Math.min(remaining, HEARTBEAT_EVERY_MILLIS));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw Activity.wrap(interrupted);
      }
      heartbeat.run();
    }
  }

  private static void logBreaches(String label, GateEvaluator.Evaluation evaluation) {
    for (GateCheck check : evaluation.checks()) {
      if (check.breached()) {
        log.info(
            "{}: breach of {}: measured {}, limit {} ({} of {} in a row)",
            label,
            check.trigger().describe(),
            GateEvaluator.format(check.value()),
            check.threshold(),
            check.streak(),
            check.limit());
      }
    }
  }

  private static void validate(
      Map<String, MetricDefinition> metrics, List<Trigger> triggers, long intervalMillis) {
    if (intervalMillis <= 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the sampling interval must be positive, got " + intervalMillis + " ms",
          "InvalidObservation");
    }
    for (Trigger trigger : triggers) {
      if (!metrics.containsKey(trigger.metric())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "trigger '"
                + trigger.describe()
                + "' refers to metric "
                + trigger.metric()
                + ", which is not among the metrics given: "
                + metrics.keySet(),
            "InvalidObservation");
      }
    }
  }

  private static void validateComparisons(
      Map<String, MetricDefinition> metrics, List<Trigger> compare) {
    for (Trigger comparison : compare) {
      if (!metrics.containsKey(comparison.metric())) {
        throw ApplicationFailure.newNonRetryableFailure(
            "comparison '"
                + comparison.describe()
                + "' refers to metric "
                + comparison.metric()
                + ", which is not among the metrics given: "
                + metrics.keySet(),
            "InvalidObservation");
      }
      if (comparison.above() == null && comparison.below() == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "comparison '"
                + comparison.describe()
                + "' judges a window mean: give it above or below, not failures",
            "InvalidObservation");
      }
    }
  }

  /**
   * Where a window stands: samples taken and time elapsed, carried over from a previous attempt's
   * heartbeat.
   */
  private final class Window {
    private final long durationMillis;
    private final long intervalMillis;
    private final Integer count;
    private final long startMillis;
    private int samples;

    Window(ObserveRequest request, ObserveProgress resumed) {
      this.durationMillis = request.durationMillis();
      this.intervalMillis = request.intervalMillis();
      this.count = request.count();
      this.samples = resumed == null ? 0 : resumed.samples();
      this.startMillis = ticker.nowMillis() - (resumed == null ? 0 : resumed.elapsedMillis());
    }

    long elapsed() {
      return ticker.nowMillis() - startMillis;
    }

    /**
     * When this sample was due, counted from the window's start: metrics with longer intervals are
     * paced by it.
     */
    long plannedElapsed() {
      return (long) samples * intervalMillis;
    }

    /**
     * A window always takes at least one sample: a zero-length window would otherwise pass on no
     * evidence.
     */
    boolean complete() {
      if (count != null) {
        return samples >= Math.max(1, count);
      }
      return samples > 0 && elapsed() >= durationMillis;
    }

    void sampled() {
      samples++;
    }

    long nextSampleAt() {
      long next = startMillis + (long) samples * intervalMillis;
      return count != null ? next : Math.min(next, startMillis + durationMillis);
    }

    ObserveProgress progress(GateEvaluator evaluator, WindowComparison comparison) {
      return new ObserveProgress(
          elapsed(),
          samples,
          evaluator.consecutiveBreaches(),
          evaluator.consecutiveNoData(),
          comparison.canaryMeans(),
          comparison.stableMeans());
    }
  }

  /**
   * Which metrics are due at a tick. A metric whose own {@code interval} is longer than the
   * window's is sampled less often; a shorter one is sampled at the window's pace.
   */
  private static final class Schedule {
    private final Map<String, MetricDefinition> metrics;
    private final long intervalMillis;
    private final Map<String, Long> nextDue = new HashMap<>();

    Schedule(Map<String, MetricDefinition> metrics, long intervalMillis) {
      this.metrics = metrics;
      this.intervalMillis = intervalMillis;
    }

    Map<String, MetricDefinition> due(long plannedElapsed) {
      Map<String, MetricDefinition> due = new LinkedHashMap<>();
      metrics.forEach(
          (name, definition) -> {
            if (plannedElapsed >= nextDue.getOrDefault(name, Long.MIN_VALUE)) {
              due.put(name, definition);
              nextDue.put(name, plannedElapsed + intervalOf(definition));
            }
          });
      return due;
    }

    private long intervalOf(MetricDefinition definition) {
      long own = definition.interval() == null ? 0 : definition.interval().millis();
      return Math.max(intervalMillis, own);
    }
  }
}
