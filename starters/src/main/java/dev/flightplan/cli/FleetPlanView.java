package dev.flightplan.cli;

import dev.flightplan.plan.FailureBudget;
import dev.flightplan.plan.FleetExpander;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Wave;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code flightplan plan fleet.yaml} prints: the failure budget, each wave with its systems,
 * parallelism, soak and gate, then the migration every system runs, expanded for the first one.
 */
final class FleetPlanView {

  private FleetPlanView() {}

  static List<String> describe(FleetPlan fleet, PlanSource plans) {
    List<String> lines = new ArrayList<>();
    lines.add("failure budget: " + budget(fleet.spec().budget()));
    if (!fleet.spec().approvers().isEmpty()) {
      lines.add("gates approved by: " + String.join(", ", fleet.spec().approvers()));
    }
    List<Wave> waves = fleet.spec().waves();
    for (int w = 0; w < waves.size(); w++) {
      Wave wave = waves.get(w);
      List<FleetSystem> members = membersOf(fleet, w);
      lines.add(
          "wave "
              + (w + 1)
              + " "
              + wave.name()
              + ": "
              + members.size()
              + " system"
              + (members.size() == 1 ? "" : "s")
              + ", maxParallel "
              + wave.parallelism()
              + (wave.soak() == null ? "" : ", soak " + wave.soak())
              + ", gate "
              + (wave.needsApproval() ? Wave.GATE_APPROVAL : Wave.GATE_NONE));
      for (FleetSystem system : members) {
        lines.add("  " + system(system));
      }
    }
    if (!fleet.spec().systems().isEmpty()) {
      FleetSystem first = fleet.spec().systems().get(0);
      lines.add("each system's migration (shown for " + first.name() + "):");
      plans.describe(FleetExpander.expand(fleet, first)).forEach(line -> lines.add("  " + line));
      if (fleet.spec().rollbackTemplate() != null) {
        lines.add("a reverted system's migration (shown for " + first.name() + "):");
        plans
            .describe(FleetExpander.expandRollback(fleet, first))
            .forEach(line -> lines.add("  " + line));
      }
    }
    return lines;
  }

  /** A wave's systems, each in the first wave that includes it, as the workflow assigns them. */
  private static List<FleetSystem> membersOf(FleetPlan fleet, int wave) {
    var waveOf = FleetExpander.waveIndex(fleet);
    return fleet.spec().systems().stream()
        .filter(system -> waveOf.getOrDefault(system.name(), -1) == wave)
        .toList();
  }

  private static String system(FleetSystem system) {
    List<String> notes = new ArrayList<>();
    if (system.priority() != null) {
      notes.add(system.priority());
    }
    if (system.cluster() != null) {
      notes.add("cluster " + system.cluster());
    }
    if (!system.dependsOn().isEmpty()) {
      notes.add("after " + String.join(", ", system.dependsOn()));
    }
    return system.name() + (notes.isEmpty() ? "" : " (" + String.join(", ", notes) + ")");
  }

  static String budget(FailureBudget budget) {
    List<String> limits = new ArrayList<>();
    if (budget.maxRollbacks() != null) {
      limits.add("at most " + budget.maxRollbacks() + " rollbacks");
    }
    if (budget.maxFailures() != null) {
      limits.add("at most " + budget.maxFailures() + " failures");
    }
    if (budget.minSuccessRate() != null) {
      limits.add(
          String.format(
              Locale.ROOT, "a success rate of at least %.0f%%", budget.minSuccessRate() * 100));
    }
    if (limits.isEmpty()) {
      return "none (the fleet does not stop by itself)";
    }
    return String.join(", ", limits)
        + "; when spent: "
        + (budget.rollsBackWave() ? "roll back the wave" : "halt until someone resumes or aborts");
  }
}
