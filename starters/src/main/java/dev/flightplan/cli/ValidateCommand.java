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
        "Checks a plan and the files it refers to, reporting every error with its path. Starts"
            + " nothing.")
class ValidateCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;
  @Mixin OutputOption output;

  @Parameters(paramLabel = "PLAN", description = "the plan file (YAML)")
  Path file;

  /** What {@code --output json} prints. */
  record Report(
      String file,
      String plan,
      boolean valid,
      int phases,
      int steps,
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
                      checked.plan() == null ? null : checked.plan().name(),
                      checked.ok(),
                      checked.phaseCount(),
                      checked.stepCount(),
                      checked.errors(),
                      checked.warnings())));
    } else {
      if (checked.ok()) {
        spec.commandLine()
            .getOut()
            .println(
                "plan "
                    + checked.plan().name()
                    + " is valid: "
                    + checked.phaseCount()
                    + " phases, "
                    + checked.stepCount()
                    + " steps");
      }
      PlanFileReader.printProblems(file, checked, spec.commandLine().getErr());
    }
    return checked.ok() ? ExitCodes.OK : ExitCodes.USAGE;
  }
}
