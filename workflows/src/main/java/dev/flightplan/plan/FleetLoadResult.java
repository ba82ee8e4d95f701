package dev.flightplan.plan;

import java.util.List;

/**
 * What {@link FleetLoader#load} found: the fleet when it has no errors (else null), every error,
 * and warnings that do not stop the fleet from running.
 */
public record FleetLoadResult(
    FleetPlan plan, List<PlanProblem> errors, List<PlanProblem> warnings) {

  public FleetLoadResult {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    if (!errors.isEmpty()) {
      plan = null;
    }
  }

  public boolean ok() {
    return errors.isEmpty() && plan != null;
  }
}
