package dev.flightplan.testing;

import dev.flightplan.activities.MetricsActivities;
import dev.flightplan.analysis.BaselineValue;
import dev.flightplan.analysis.Verdict;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Observation windows with scripted verdicts. A window whose label matches {@link #blockOn} runs until it is
 * cancelled, heartbeating like the real one, so abort can be tested against a window of any length.
 */
public final class FakeMetrics implements MetricsActivities {
  private final CallLog log;
  private volatile Function<ObserveRequest, Verdict> verdicts = request -> Verdict.pass(3);
  private volatile String blockOn;
  private volatile Function<ProbeRequest, ProbeResult> probes =
      request -> new ProbeResult(List.of(), List.of());
  private final List<ProbeRequest> probed = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  public FakeMetrics(CallLog log) {
    this.log = log;
  }

  public FakeMetrics verdicts(Function<ObserveRequest, Verdict> script) {
    this.verdicts = script;
    return this;
  }

  /** What preflight's metric probe answers; by default every query is accepted and has data. */
  public FakeMetrics probes(Function<ProbeRequest, ProbeResult> script) {
    this.probes = script;
    return this;
  }

  /** Every probe preflight asked for. */
  public List<ProbeRequest> probed() {
    return List.copyOf(probed);
  }

  public FakeMetrics blockOn(String labelPrefix) {
    this.blockOn = labelPrefix;
    return this;
  }

  public boolean wasCancelled() {
    return cancelled.get();
  }

  @Override
  public Verdict observe(ObserveRequest request) {
    log.add("observe " + request.label());
    if (blockOn != null && request.label().startsWith(blockOn)) {
      long stopAt = System.nanoTime() + 60_000_000_000L;
      while (System.nanoTime() < stopAt) {
        try {
          Activity.getExecutionContext().heartbeat(null);
          Thread.sleep(50);
        } catch (ActivityCompletionException e) {
          cancelled.set(true);
          log.add("observe cancelled " + request.label());
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      throw new IllegalStateException("window was never cancelled");
    }
    return verdicts.apply(request);
  }

  /** Kept out of the call log, which lists changes and windows in order; see {@link #probed()}. */
  @Override
  public ProbeResult probe(ProbeRequest request) {
    probed.add(request);
    return probes.apply(request);
  }

  @Override
  public Map<String, BaselineValue> baseline(BaselineRequest request) {
    log.add("baseline " + String.join(",", request.metrics().keySet()));
    Map<String, BaselineValue> out = new LinkedHashMap<>();
    request.metrics().keySet().forEach(name -> out.put(name, new BaselineValue(0.2, 0.4, 0.5, 10)));
    return out;
  }
}
