package dev.flightplan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    description =
        "Checks a plan or a fleet and the files it refers to, reporting every error with its path."
            + " Starts nothing.")
class ValidateCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "PLAN", description = "the plan or fleet file (YAML)")
  Path file;

  /**
   * What {@code --output json} prints. For a fleet, phases and steps are those of the migration
   * every system runs.
   */
  record Report(
      String file,
      String kind,
      String plan,
      boolean valid,
      int phases,
      int steps,
      Integer systems,
      Integer waves,
      List<CheckedPlan.Problem> errors,
      List<CheckedPlan.Problem> warnings) {}

  @Override
  public Integer call() {
    CheckedPlan checked = PlanFileReader.read(cli.context().plans(), file);
    if (output.json()) {
      spec.commandLine()
          .getOut()
          .println(
              Json.write(
                  new Report(
                      file.toString(),
                      checked.kind(),
                      checked.name(),
                      checked.ok(),
                      checked.phaseCount(),
                      checked.stepCount(),
                      checked.isFleet() ? checked.systemCount() : null,
                      checked.isFleet() ? checked.waveCount() : null,
                      checked.errors(),
                      checked.warnings())));
    } else {
      if (checked.ok()) {
        spec.commandLine().getOut().println(summary(checked));
      }
      PlanFileReader.printProblems(file, checked, spec.commandLine().getErr());
    }
    return checked.ok() ? ExitCodes.OK : ExitCodes.USAGE;
  }

  private static String summary(CheckedPlan checked) {
    if (checked.isFleet()) {
      return "fleet "
          + checked.name()
          + " is valid: "
          + checked.systemCount()
          + " systems in "
          + checked.waveCount()
          + " waves, each migration "
          + checked.phaseCount()
          + " phases, "
          + checked.stepCount()
          + " steps";
    }
    return "plan "
        + checked.name()
        + " is valid: "
        + checked.phaseCount()
        + " phases, "
        + checked.stepCount()
        + " steps";
  }
}
