package dev.flightplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    description =
        "Dry run: prints what the plan will do, step by step, and how each step is undone; for a"
            + " fleet, its waves and budget too. Changes nothing.")
class PlanCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "PLAN", description = "the plan or fleet file (YAML)")
  Path file;

  @Override
  public Integer call() {
    CheckedPlan checked = PlanFileReader.read(cli.context().plans(), file);
    PlanFileReader.printProblems(file, checked, spec.commandLine().getErr());
    if (!checked.ok()) {
      return ExitCodes.USAGE;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (checked.isFleet()) {
      out.println(
          "fleet "
              + checked.name()
              + ": "
              + checked.systemCount()
              + " systems in "
              + checked.waveCount()
              + " waves");
      FleetPlanView.describe(checked.fleet(), cli.context().plans()).forEach(out::println);
      return ExitCodes.OK;
    }
    out.println(
        "plan "
            + checked.plan().name()
            + ": "
            + checked.phaseCount()
            + " phases, "
            + checked.stepCount()
            + " steps");
    cli.context().plans().describe(checked.plan()).forEach(out::println);
    return ExitCodes.OK;
  }
}
