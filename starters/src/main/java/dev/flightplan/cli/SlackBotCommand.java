package dev.flightplan.cli;

import dev.flightplan.slack.SlackBot;
import dev.flightplan.slack.SlackBotConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "slack-bot",
    description = {
      "Runs the Slack approval bot: Approve/Reject buttons and /flightplan commands become signals.",
      "Secrets come from SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (HTTP mode), SLACK_APP_TOKEN (Socket Mode)"
          + " or their *_FILE variants; see docs/slack.md."
    })
class SlackBotCommand implements Callable<Integer> {

  @ParentCommand FlightplanCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--mode", paramLabel = "http|socket", description = "default: $SLACK_BOT_MODE, else http")
  String mode;

  @Option(names = "--port", paramLabel = "PORT", description = "HTTP mode port (default: $SLACK_BOT_PORT, else 3000)")
  Integer port;

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "HTTP mode bind address (default: $SLACK_BOT_BIND)")
  String bind;

  @Option(
      names = "--mapping-file",
      paramLabel = "FILE",
      description = "Slack user id → approver name and groups (default: $SLACK_MAPPING_FILE)")
  Path mappingFile;

  @Override
  public Integer call() throws IOException, InterruptedException {
    SlackBotConfig config;
    try {
      config = SlackBotConfig.fromEnvironment(cli.context().environment());
      if (mode != null) {
        config = config.withMode(SlackBotConfig.Mode.parse(mode));
      }
      if (port != null || bind != null) {
        config = config.withListen(bind != null ? bind : config.bindAddress(), port != null ? port : config.port());
      }
      if (mappingFile != null) {
        config = config.withMappingFile(mappingFile);
      }
    } catch (IllegalArgumentException bad) {
      throw new ParameterException(spec.commandLine(), bad.getMessage());
    }
    List<String> problems = config.problems();
    if (!problems.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "cannot start the Slack bot: " + String.join("; ", problems));
    }
    try (TemporalSession session = cli.connect();
        SlackBot bot = SlackBot.start(config, session.client())) {
      Runtime.getRuntime().addShutdownHook(new Thread(bot::close, "slack-bot-shutdown"));
      spec.commandLine().getOut().println("Slack bot running (" + config.mode() + ")" + (bot.port() > 0 ? " on port " + bot.port() : ""));
      spec.commandLine().getOut().flush();
      bot.awaitTermination();
    }
    return ExitCodes.OK;
  }
}
