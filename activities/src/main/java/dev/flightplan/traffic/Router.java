package dev.flightplan.traffic;

import dev.flightplan.activities.TrafficActivities.TrafficRequest;
import dev.flightplan.activities.TrafficActivities.TrafficState;

/**
 * One way of splitting traffic between a stable and a canary backend. A router only reads and
 * writes; reading first (the undo record), verifying by reading back and idempotence are {@link
 * TrafficActivitiesImpl}'s job, the same for every router. Each router is a class registered in
 * {@link TrafficActivitiesImpl#defaultRouters} under the name {@code RouterSpec.name()} gives its
 * spec.
 */
public interface Router {

  /** The name {@code RouterSpec.name()} returns for plans that use this router. */
  String name();

  /**
   * The current split, with a snapshot from which {@link #restore} can put everything back exactly.
   */
  TrafficState read(TrafficRequest request);

  /**
   * Moves the canary's share to {@code canaryWeight} percent (0..100), as closely as this router
   * can.
   */
  void write(TrafficRequest request, int canaryWeight);

  /** Puts back exactly what {@code before}'s snapshot describes. */
  void restore(TrafficRequest request, TrafficState before);

  /**
   * Whether {@code state} is what {@link #write} produces for {@code canaryWeight}. Routers that
   * cannot express every weight (a selector flips at 100, replicas round) say what they aim for.
   */
  default boolean reached(TrafficRequest request, TrafficState state, int canaryWeight) {
    return state.canaryWeight() == canaryWeight;
  }
}
