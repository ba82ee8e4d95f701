package dev.flightplan.e2e;

import dev.flightplan.cli.CliContext;
import dev.flightplan.cli.FlightplanCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs a {@code flightplan} command in this JVM, as a person would type it, against a given Temporal address. */
public final class FlightplanCommand {

  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private FlightplanCommand() {}

  public static Result run(String address, String... args) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.remove("TEMPORAL_ADDRESS");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = FlightplanCli.commandLine(new FlightplanCli(CliContext.system().withEnvironment(environment)));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("--address", address));
    all.addAll(List.of(args));
    int code = commandLine.execute(all.toArray(String[]::new));
    return new Result(code, out.toString(), err.toString());
  }
}
