package dev.flightplan.cli;

import dev.flightplan.plan.MigrationPlan;
import java.util.List;

/**
 * A plan file read and validated: the plan when valid, and every error and warning with its path.
 */
public record CheckedPlan(MigrationPlan plan, List<Problem> errors, List<Problem> warnings) {

  public CheckedPlan {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  public boolean ok() {
    return errors.isEmpty() && plan != null;
  }

  public int phaseCount() {
    return plan == null ? 0 : plan.spec().phases().size();
  }

  public int stepCount() {
    return plan == null
        ? 0
        : plan.spec().phases().stream().mapToInt(phase -> phase.steps().size()).sum();
  }

  /**
   * One problem: where in the plan ({@code spec.phases[1].steps[0].canary.weights}), what, and how
   * to fix it.
   */
  public record Problem(String path, String message, String hint) {
    /** {@code path: message (hint)}, leaving out what is missing. */
    public String line() {
      StringBuilder out = new StringBuilder();
      if (path != null && !path.isBlank()) {
        out.append(path).append(": ");
      }
      out.append(message);
      if (hint != null && !hint.isBlank()) {
        out.append(" (").append(hint).append(')');
      }
      return out.toString();
    }
  }
}
