package dev.flightplan.cli;

import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import java.util.List;

/**
 * A plan file read and validated: its kind ({@code Migration} or {@code Fleet}), the migration or
 * the fleet when valid, and every error and warning with its path.
 */
public record CheckedPlan(
    String kind,
    MigrationPlan plan,
    FleetPlan fleet,
    List<Problem> errors,
    List<Problem> warnings) {

  public CheckedPlan {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
  }

  /** A migration plan file. */
  public CheckedPlan(MigrationPlan plan, List<Problem> errors, List<Problem> warnings) {
    this(MigrationPlan.KIND, plan, null, errors, warnings);
  }

  /** A fleet plan file. */
  public static CheckedPlan ofFleet(FleetPlan fleet, List<Problem> errors, List<Problem> warnings) {
    return new CheckedPlan(FleetPlan.KIND, null, fleet, errors, warnings);
  }

  public boolean isFleet() {
    return FleetPlan.KIND.equals(kind);
  }

  public boolean ok() {
    return errors.isEmpty() && (isFleet() ? fleet != null : plan != null);
  }

  /** The migration's or the fleet's name, or null when the file did not yield one. */
  public String name() {
    return isFleet() ? (fleet == null ? null : fleet.name()) : (plan == null ? null : plan.name());
  }

  /** Phases of the migration, or of the migration each system of the fleet runs. */
  public int phaseCount() {
    MigrationSpec spec = spec();
    return spec == null ? 0 : spec.phases().size();
  }

  public int stepCount() {
    MigrationSpec spec = spec();
    return spec == null ? 0 : spec.phases().stream().mapToInt(phase -> phase.steps().size()).sum();
  }

  public int systemCount() {
    return fleet == null ? 0 : fleet.spec().systems().size();
  }

  public int waveCount() {
    return fleet == null ? 0 : fleet.spec().waves().size();
  }

  private MigrationSpec spec() {
    if (isFleet()) {
      return fleet == null ? null : fleet.spec().template();
    }
    return plan == null ? null : plan.spec();
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
