package dev.flightplan.cli;

import dev.flightplan.plan.Metadata;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.MigrationSpec;
import dev.flightplan.plan.Phase;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Target;
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

  static final class Source implements PlanSource {
    private final Map<String, CheckedPlan> plans = new HashMap<>();

    Source with(String file, CheckedPlan plan) {
      plans.put(file, plan);
      return this;
    }

    Source valid(String file, MigrationPlan plan) {
      return with(file, new CheckedPlan(plan, List.of(), List.of()));
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
