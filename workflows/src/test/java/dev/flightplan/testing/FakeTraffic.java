package dev.flightplan.testing;

import dev.flightplan.activities.TrafficActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.HashMap;
import java.util.Map;

/** Traffic splits kept in memory per canary. */
public final class FakeTraffic implements TrafficActivities {
  private final CallLog log;
  private final Map<String, Integer> weights = new HashMap<>();
  private String refuseReads;

  public FakeTraffic(CallLog log) {
    this.log = log;
  }

  public synchronized int weightOf(String canary) {
    return weights.getOrDefault(canary, 0);
  }

  /** From now on every read of the current weights fails, as a gateway answering 4xx does, with {@code message}. */
  public synchronized FakeTraffic refuseReads(String message) {
    this.refuseReads = message;
    return this;
  }

  @Override
  public synchronized TrafficState current(TrafficRequest request) {
    log.add("currentWeight " + request.canary());
    if (refuseReads != null) {
      throw ApplicationFailure.newNonRetryableFailure(refuseReads, "RouterRefused");
    }
    return state(request.canary());
  }

  @Override
  public synchronized TrafficChange setWeight(TrafficRequest request, int canaryWeight) {
    log.add("setWeight " + request.canary() + " " + canaryWeight);
    TrafficState before = state(request.canary());
    weights.put(request.canary(), canaryWeight);
    return new TrafficChange(before, state(request.canary()));
  }

  @Override
  public synchronized void restore(TrafficRequest request, TrafficState before) {
    log.add("restoreWeight " + request.canary() + " " + before.canaryWeight());
    weights.put(request.canary(), ((Number) before.snapshot().get("weight")).intValue());
  }

  private TrafficState state(String canary) {
    int weight = weightOf(canary);
    return new TrafficState(weight, Map.of("weight", weight));
  }
}
