package dev.flightplan.cli;

import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSpec;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
import dev.flightplan.plan.Wave;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans built in code, and a plan source that serves them by file name: the CLI's tests need no
 * loader.
 */
final class TestPlans {

  private TestPlans() {}

  /** One phase holding one approval step, approvable by {@code approvers}. */
  static MigrationPlan approvalPlan(String name, String... approvers) {
    return new MigrationPlan(
        MigrationPlan.API_VERSION,
        MigrationPlan.KIND,
        new Metadata(name, Map.of()),
        new MigrationSpec(
            new Target("shop", null),
            Map.of(),
            Map.of(),
            List.of(),
            List.of(approvers),
            null,
            List.of(
                new Phase(
                    "cutover",
                    List.of(new Step.Approval("Switch traffic?", 1, null, null, null))))));
  }

  /**
   * Systems cart and search (P1, two at a time, then a gate {@code gateApprovers} may pass) and
   * billing (P2). Each system's migration is {@link #approvalPlan}'s, approvable by alice, and
   * reports a traffic weight of 25 while it waits.
   */
  static FleetPlan fleetPlan(String name, String... gateApprovers) {
    MigrationSpec template =
        new MigrationSpec(
            new Target("shop", null),
            Map.of(RecordingMigrationWorkflow.WEIGHT_VAR, "25"),
            Map.of(),
            List.of(),
            List.of("alice"),
            null,
            approvalPlan(name, "alice").spec().phases());
    return new FleetPlan(
        MigrationPlan.API_VERSION,
        FleetPlan.KIND,
        new Metadata(name, Map.of()),
        new FleetSpec(
            template,
            null,
            List.of(
                FleetSystem.of("cart", "P1"),
                FleetSystem.of("search", "P1"),
                FleetSystem.of("billing", "P2")),
            List.of(
                new Wave("first", List.of("P1"), null, 2, Wave.GATE_APPROVAL, null),
                new Wave("second", List.of("P2"), null, 1, Wave.GATE_NONE, null)),
            null,
            List.of(gateApprovers),
            null));
  }

  static final class Source implements PlanSource {
    private final Map<String, CheckedPlan> plans = new HashMap<>();

    Source with(String file, CheckedPlan plan) {
      plans.put(file, plan);
      return this;
    }

    Source valid(String file, MigrationPlan plan) {
      return with(file, new CheckedPlan(plan, List.of(), List.of()));
    }

    Source valid(String file, FleetPlan fleet) {
      return with(file, CheckedPlan.ofFleet(fleet, List.of(), List.of()));
    }

    @Override
    public CheckedPlan load(Path planFile) throws IOException {
      CheckedPlan plan = plans.get(planFile.toString());
      if (plan == null) {
        throw new NoSuchFileException(planFile.toString());
      }
      return plan;
    }

    @Override
    public List<String> describe(MigrationPlan plan) {
      return List.of("phase cutover", "  1. approval \"Switch traffic?\"  undo: nothing to undo");
    }
  }
}
