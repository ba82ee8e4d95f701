package dev.flightplan.fleet;

import dev.flightplan.plan.FailureBudget;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSpec;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
import dev.flightplan.plan.Wave;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small fleet plans for tests. */
final class Fleets {

  private Fleets() {}

  static MigrationSpec template(Map<String, String> vars) {
    return new MigrationSpec(
        new Target("apps", null),
        vars,
        null,
        null,
        null,
        null,
        List.of(new Phase("migrate", List.of(new Step.Preflight()))));
  }

  /** A rollback template the scripted child recognises as a revert. */
  static MigrationSpec revertTemplate() {
    return template(Map.of("action", "revert"));
  }

  static FleetSystem system(String name, String... varPairs) {
    return new FleetSystem(name, null, vars(varPairs), null, null);
  }

  static FleetSystem dependent(String name, List<String> dependsOn, String... varPairs) {
    return new FleetSystem(name, null, vars(varPairs), null, dependsOn);
  }

  static Wave wave(String name, int maxParallel, List<String> systems) {
    return new Wave(name, null, systems, maxParallel, Wave.GATE_NONE, null);
  }

  static Wave gatedWave(String name, int maxParallel, List<String> systems, String soak) {
    return new Wave(
        name,
        null,
        systems,
        maxParallel,
        Wave.GATE_APPROVAL,
        soak == null ? null : PlanDuration.parse(soak));
  }

  static FleetPlan fleet(
      String name,
      List<FleetSystem> systems,
      List<Wave> waves,
      FailureBudget budget,
      List<String> approvers,
      MigrationSpec rollbackTemplate) {
    return new FleetPlan(
        MigrationPlan.API_VERSION,
        FleetPlan.KIND,
        new Metadata(name, null),
        new FleetSpec(
            template(Map.of("duration", "2h")),
            rollbackTemplate,
            systems,
            waves,
            budget,
            approvers,
            null));
  }

  static FleetPlan fleet(String name, List<FleetSystem> systems, List<Wave> waves) {
    return fleet(name, systems, waves, null, null, null);
  }

  private static Map<String, String> vars(String... pairs) {
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      vars.put(pairs[i], pairs[i + 1]);
    }
    return vars;
  }
}
