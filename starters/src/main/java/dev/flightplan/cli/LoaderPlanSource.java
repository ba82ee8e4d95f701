package dev.flightplan.cli;

import dev.flightplan.plan.FileResolver;
import dev.flightplan.plan.FleetLoadResult;
import dev.flightplan.plan.FleetLoader;
import dev.flightplan.plan.LoadResult;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.PlanLoader;
import dev.flightplan.plan.PlanPrinter;
import dev.flightplan.plan.PlanProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The plan and fleet loaders and the printer from the plan module, fed with files read relative to
 * the plan. The file's {@code kind} decides which loader reads it.
 */
public final class LoaderPlanSource implements PlanSource {

  @Override
  public CheckedPlan load(Path planFile) throws IOException {
    String yaml = Files.readString(planFile);
    FileResolver files = PlanFiles.relativeTo(planFile);
    if (FleetLoader.isFleet(yaml)) {
      FleetLoadResult result = new FleetLoader(files).load(yaml);
      return CheckedPlan.ofFleet(
          result.ok() ? result.plan() : null,
          problems(result.errors()),
          problems(result.warnings()));
    }
    LoadResult result = new PlanLoader(files).load(yaml);
    return new CheckedPlan(
        result.ok() ? result.plan() : null, problems(result.errors()), problems(result.warnings()));
  }

  private static List<CheckedPlan.Problem> problems(List<PlanProblem> problems) {
    return problems.stream()
        .map(p -> new CheckedPlan.Problem(p.path(), p.message(), p.hint()))
        .toList();
  }

  @Override
  public List<String> describe(MigrationPlan plan) {
    return new PlanPrinter().describe(plan);
  }
}
