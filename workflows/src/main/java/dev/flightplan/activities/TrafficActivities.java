package dev.flightplan.activities;

import dev.flightplan.plan.RouterSpec;
import io.temporal.activity.ActivityInterface;
import java.util.Map;

/** Moves traffic between a stable and a canary backend through a router. */
@ActivityInterface(namePrefix = "Traffic")
public interface TrafficActivities {

  /** Reads the current split without changing anything. */
  TrafficState current(TrafficRequest request);

  /**
   * Sets the canary's weight (0..100): reads the current state first (returned as {@code before}, the undo record),
   * writes, then reads back to verify. Setting the weight it already has is success.
   */
  TrafficChange setWeight(TrafficRequest request, int canaryWeight);

  /** Puts the router back exactly as {@code before} describes. */
  void restore(TrafficRequest request, TrafficState before);

  record TrafficRequest(String namespace, RouterSpec router, String stable, String canary) {}

  /**
   * {@code canaryWeight} is the canary's share in percent; {@code snapshot} is whatever the router needs to restore
   * the previous state exactly (a selector, replica counts, a whole object).
   */
  record TrafficState(int canaryWeight, Map<String, Object> snapshot) {}

  record TrafficChange(TrafficState before, TrafficState after) {}
}
