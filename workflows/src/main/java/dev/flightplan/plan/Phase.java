package dev.flightplan.plan;

import java.util.List;

/** A named group of steps run in order. */
public record Phase(@Required String name, @Required List<Step> steps) {
  public Phase {
    steps = steps == null ? List.of() : steps;
  }
}
