package dev.flightplan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a plan file for validate, plan and start, and prints its problems the same way for all
 * three.
 */
final class PlanFileReader {

  private PlanFileReader() {}

  static CheckedPlan read(PlanSource plans, Path file) {
    if (Files.isDirectory(file)) {
      throw new CliFailure(ExitCodes.USAGE, file + " is a folder: name the plan file inside it");
    }
    try {
      return plans.load(file);
    } catch (NoSuchFileException e) {
      throw new CliFailure(ExitCodes.USAGE, "no plan file " + file, e);
    } catch (IOException e) {
      throw new CliFailure(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every error, then every warning; nothing when the plan is clean. */
  static void printProblems(Path file, CheckedPlan checked, PrintWriter err) {
    if (!checked.errors().isEmpty()) {
      int count = checked.errors().size();
      err.println(file + ": " + count + " error" + (count == 1 ? "" : "s") + ":");
      checked.errors().forEach(problem -> err.println("  " + problem.line()));
    }
    checked.warnings().forEach(problem -> err.println("warning: " + problem.line()));
    err.flush();
  }
}
