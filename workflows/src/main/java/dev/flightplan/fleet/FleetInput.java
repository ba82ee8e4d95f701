package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flightplan.plan.FleetPlan;

/**
 * The fleet workflow's input: the validated fleet plan, who started it, and, when a run continues
 * as new, what the previous runs achieved ({@code carried} is null for the first run).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FleetInput(FleetPlan plan, String startedBy, FleetCarry carried) {
  public FleetInput(FleetPlan plan, String startedBy) {
    this(plan, startedBy, null);
  }
}
