package dev.flightplan.cli;

import dev.flightplan.worker.ConfigException;
import dev.flightplan.worker.ConfigSource;
import dev.flightplan.worker.Setting;
import dev.flightplan.worker.TemporalConnection;
import dev.flightplan.worker.TemporalSettings;
import dev.flightplan.worker.TemporalUnreachableException;
import java.io.PrintWriter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code flightplan}: durable zero-downtime service migrations on Temporal. */
@Command(
    name = "flightplan",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = FlightplanCli.Version.class,
    description = "Durable, zero-downtime service migrations on Temporal.",
    synopsisSubcommandLabel = "COMMAND",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:ok (watch: the migration completed)",
      "1:the migration ended badly, or another failure",
      "2:invalid plan, command line or setting",
      "3:no migration of that name",
      "4:refused: already running, already ended, or the migration declined the signal",
      "5:Temporal unreachable or refusing our credentials"
    },
    // Adding a command is one line here.
    subcommands = {
      WorkerCommand.class,
      SetupCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      StartCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ListCommand.class,
      SignalCommands.Approve.class,
      SignalCommands.Reject.class,
      SignalCommands.Abort.class,
      SignalCommands.Pause.class,
      SignalCommands.Resume.class,
      SignalCommands.Retry.class,
      SignalCommands.Skip.class,
      DemoCommand.class,
      SlackBotCommand.class,
      SimulateCommand.class,
    })
public class FlightplanCli implements Runnable {

  @Option(
      names = "--address",
      scope = ScopeType.INHERIT,
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend (default: $TEMPORAL_ADDRESS, else "
              + TemporalSettings.DEFAULT_ADDRESS
              + ")")
  String address;

  @Option(
      names = "--namespace",
      scope = ScopeType.INHERIT,
      paramLabel = "NAME",
      description =
          "Temporal namespace (default: $TEMPORAL_NAMESPACE, else "
              + TemporalSettings.DEFAULT_NAMESPACE
              + ")")
  String namespace;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CliContext context;

  public FlightplanCli() {
    this(CliContext.system());
  }

  public FlightplanCli(CliContext context) {
    this.context = context;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new FlightplanCli()).execute(args));
  }

  /**
   * A command line with Flightplan's error handling: one line per failure and a documented exit
   * code.
   */
  public static CommandLine commandLine(FlightplanCli cli) {
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setParameterExceptionHandler(FlightplanCli::usageError);
    // FLIGHTPLAN_DEBUG shows the stack trace behind the one line, for bug reports.
    boolean debug = cli.context().environment().containsKey("FLIGHTPLAN_DEBUG");
    commandLine.setExecutionExceptionHandler(
        (failure, command, parseResult) -> {
          if (debug) {
            failure.printStackTrace(command.getErr());
          }
          return reportFailure(failure, command.getErr());
        });
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public CliContext context() {
    return context;
  }

  /** Flags first, then the environment: what every command reads settings from. */
  ConfigSource settings(Map<Setting, String> extraFlags) {
    Map<Setting, String> flags = new EnumMap<>(Setting.class);
    flags.putAll(extraFlags);
    if (address != null) {
      flags.put(Setting.TEMPORAL_ADDRESS, address);
    }
    if (namespace != null) {
      flags.put(Setting.TEMPORAL_NAMESPACE, namespace);
    }
    return new ConfigSource(flags, context.environment());
  }

  /** Opens a session with Temporal, checked to answer; the caller closes it. */
  TemporalSession connect() {
    return context.temporal().open(TemporalSettings.from(settings(Map.of())));
  }

  /** Who is acting: {@code --by}, else $FLIGHTPLAN_USER, else $USER. */
  Optional<String> actor(String by) {
    if (by != null && !by.isBlank()) {
      return Optional.of(by.trim());
    }
    ConfigSource source = settings(Map.of());
    return source.env("FLIGHTPLAN_USER").or(() -> source.env("USER")).map(String::trim);
  }

  private static int usageError(CommandLine.ParameterException problem, String[] args) {
    CommandLine command = problem.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(problem.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(problem, err);
    err.print("Usage: " + command.getHelp().synopsis(0));
    err.println(
        "Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  static int reportFailure(Exception failure, PrintWriter err) {
    int code;
    String message;
    if (failure instanceof CliFailure cliFailure) {
      code = cliFailure.exitCode();
      message = cliFailure.getMessage();
    } else if (failure instanceof TemporalUnreachableException) {
      code = ExitCodes.UNREACHABLE;
      message = failure.getMessage();
    } else if (failure instanceof ConfigException) {
      code = ExitCodes.USAGE;
      message = failure.getMessage();
    } else {
      TemporalUnreachableException unreachable =
          TemporalConnection.explainIfUnreachable(failure, "Temporal", "?");
      if (unreachable != null) {
        code = ExitCodes.UNREACHABLE;
        message = "lost the connection to Temporal: " + oneLine(failure);
      } else {
        code = ExitCodes.FAILED;
        message = "flightplan: " + oneLine(failure);
      }
    }
    err.println(message);
    err.flush();
    return code;
  }

  /** The innermost message, on one line, for failures nobody anticipated. */
  static String oneLine(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }

  /** The version from the jar's manifest, when built as a jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FlightplanCli.class.getPackage().getImplementationVersion();
      return new String[] {"flightplan " + (version == null ? "(development build)" : version)};
    }
  }
}
