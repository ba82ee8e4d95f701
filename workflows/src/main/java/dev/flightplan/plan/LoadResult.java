package dev.flightplan.plan;

import java.util.List;

/**
 * What {@link PlanLoader#load} found: the plan when it has no errors (else null), every error, and warnings that do
 * not stop the plan from running.
 */
public record LoadResult(MigrationPlan plan, List<PlanProblem> errors, List<PlanProblem> warnings) {

  public LoadResult {
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
