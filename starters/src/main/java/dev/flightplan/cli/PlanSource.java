package dev.flightplan.cli;

import dev.flightplan.plan.MigrationPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads, resolves and validates plan files (migrations and fleets), and describes migration plans;
 * the CLI's only door to the plan loaders.
 */
public interface PlanSource {

  /**
   * Reads the file, embeds the files it refers to (relative to its folder) and validates the
   * result.
   */
  CheckedPlan load(Path planFile) throws IOException;

  /** What the plan will do, step by step, with each step's undo. */
  List<String> describe(MigrationPlan plan);
}
