package dev.flightplan.cli;

import dev.flightplan.demo.EmbeddedDemo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    description =
        "Runs two migrations end to end on an embedded stack (in-process Temporal, simulated"
            + " Kubernetes and Prometheus): one completes, one rolls back. Exit 0 when both end as"
            + " expected.")
class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--interactive",
      description = "wait for you to approve from another terminal instead of approving as demo-approver")
  boolean interactive;

  @Option(
      names = "--port",
      defaultValue = "7233",
      description = "port of the embedded Temporal server; 0 picks a free one (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description = "folder holding the demo plans (default: examples/demo of this checkout)")
  Path examples;

  @Option(
      names = "--timeout",
      defaultValue = "3m",
      converter = DurationConverter.class,
      description = "give up after this long (default: ${DEFAULT-VALUE}; longer with --interactive)")
  Duration timeout;

  @Override
  public Integer call() {
    Path folder = examples != null ? examples : defaultExamples();
    if (!Files.isRegularFile(folder.resolve("checkout-v2.yaml"))) {
      throw new ParameterException(
          spec.commandLine(),
          "no demo plans in " + folder + ": run from the Flightplan checkout or pass --examples DIR");
    }
    Duration limit = interactive && timeout.equals(Duration.ofMinutes(3)) ? Duration.ofHours(1) : timeout;
    return new EmbeddedDemo(spec.commandLine().getOut())
        .run(new EmbeddedDemo.Options(port, interactive, folder, limit));
  }

  private static Path defaultExamples() {
    String home = System.getProperty("flightplan.home");
    return (home == null ? Path.of("") : Path.of(home)).resolve("examples").resolve("demo").toAbsolutePath();
  }
}
