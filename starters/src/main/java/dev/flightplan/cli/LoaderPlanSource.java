package dev.flightplan.cli;

import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.PlanLoader;
import dev.flightplan.plan.PlanPrinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The plan loader and printer from the plan module, fed with files read relative to the plan. */
public final class LoaderPlanSource implements PlanSource {

  @Override
  public CheckedPlan load(Path planFile) throws IOException {
    String yaml = Files.readString(planFile);
    var result = new PlanLoader(PlanFiles.relativeTo(planFile)).load(yaml);
    return new CheckedPlan(
        result.ok() ? result.plan() : null,
        result.errors().stream()
            .map(p -> new CheckedPlan.Problem(p.path(), p.message(), p.hint()))
            .toList(),
        result.warnings().stream()
            .map(p -> new CheckedPlan.Problem(p.path(), p.message(), p.hint()))
            .toList());
  }

  @Override
  public List<String> describe(MigrationPlan plan) {
    return new PlanPrinter().describe(plan);
  }
}
