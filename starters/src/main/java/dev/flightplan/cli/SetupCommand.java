package dev.flightplan.cli;

import dev.flightplan.worker.SearchAttributeSetup;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "setup",
    description = {
      "Registers Flightplan's search attributes in the namespace.",
      "FlightplanState, FlightplanPhase, FlightplanTarget, FlightplanWeight and FlightplanFleet."
          + " Safe to run again."
    })
class SetupCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (TemporalSession session = cli.connect()) {
      SearchAttributeSetup.Result result;
      try {
        result = new SearchAttributeSetup(session.operator().get()).ensure(session.namespace());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
          throw new CliFailure(
              ExitCodes.REFUSED,
              "not allowed to register search attributes in namespace "
                  + session.namespace()
                  + " (on Temporal Cloud, add them in the Cloud UI or with tcld): "
                  + e.getStatus().getDescription(),
              e);
        }
        throw e;
      } catch (IllegalStateException e) {
        throw new CliFailure(ExitCodes.REFUSED, e.getMessage(), e);
      }
      if (!result.added().isEmpty()) {
        out.println(
            "registered "
                + String.join(", ", result.added())
                + " in namespace "
                + session.namespace());
      }
      if (!result.existing().isEmpty()) {
        out.println("already registered: " + String.join(", ", result.existing()));
      }
    }
    return ExitCodes.OK;
  }
}
