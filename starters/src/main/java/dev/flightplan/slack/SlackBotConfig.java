package dev.flightplan.slack;

import dev.flightplan.notify.slack.SlackSecret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the Slack bot runs. Secrets are {@link SlackSecret}s (environment variable or {@code _FILE}), so printing a
 * config never shows one.
 *
 * @param mode HTTP (Slack calls {@code http(s)://host:port/slack/events}) or SOCKET (the bot dials out to Slack)
 * @param bindAddress the HTTP mode's listen address ({@code 0.0.0.0} in a container behind a TLS proxy)
 * @param port the HTTP mode's port (0: any free port)
 * @param mappingFile the Slack user → approver mapping (YAML or JSON), or null
 * @param emailFallback map users absent from the mapping by the local part of their email ({@code users.info})
 * @param apiBaseUrl the Slack Web API base URL, for tests ({@code http://127.0.0.1:PORT/api/}); null for Slack
 * @param confirmTimeout how long to wait for a signal to show in the migration's timeline
 */
public record SlackBotConfig(
    Mode mode,
    String bindAddress,
    int port,
    Path mappingFile,
    boolean emailFallback,
    String apiBaseUrl,
    SlackSecret botToken,
    SlackSecret signingSecret,
    SlackSecret appToken,
    Duration confirmTimeout) {

  /** How Slack reaches the bot. */
  public enum Mode {
    HTTP,
    SOCKET;

    public static Mode parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("mode '" + text + "' is not one of http, socket");
      }
    }
  }

  public static final int DEFAULT_PORT = 3000;
  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(2);

  public SlackBotConfig {
    mode = mode == null ? Mode.HTTP : mode;
    bindAddress = bindAddress == null || bindAddress.isBlank() ? "127.0.0.1" : bindAddress;
    confirmTimeout = confirmTimeout == null ? DEFAULT_CONFIRM_TIMEOUT : confirmTimeout;
  }

  /**
   * From the environment: {@code SLACK_BOT_MODE} (http|socket), {@code SLACK_BOT_BIND}, {@code SLACK_BOT_PORT},
   * {@code SLACK_MAPPING_FILE}, {@code SLACK_EMAIL_FALLBACK} (true|false, default true), {@code SLACK_API_URL}, and
   * the secrets {@code SLACK_BOT_TOKEN}, {@code SLACK_SIGNING_SECRET}, {@code SLACK_APP_TOKEN} (or their {@code _FILE}
   * variants). Command-line options may override any of these with the {@code with*} methods.
   */
  public static SlackBotConfig fromEnvironment(Map<String, String> env) {
    String port = env.get("SLACK_BOT_PORT");
    String mapping = env.get("SLACK_MAPPING_FILE");
    String fallback = env.get("SLACK_EMAIL_FALLBACK");
    return new SlackBotConfig(
        env.containsKey("SLACK_BOT_MODE") ? Mode.parse(env.get("SLACK_BOT_MODE")) : Mode.HTTP,
        env.get("SLACK_BOT_BIND"),
        port == null || port.isBlank() ? DEFAULT_PORT : parsePort(port),
        mapping == null || mapping.isBlank() ? null : Path.of(mapping.trim()),
        fallback == null || fallback.isBlank() || Boolean.parseBoolean(fallback.trim()),
        env.get("SLACK_API_URL"),
        SlackSecret.fromEnvironment("SLACK_BOT_TOKEN", env),
        SlackSecret.fromEnvironment("SLACK_SIGNING_SECRET", env),
        SlackSecret.fromEnvironment("SLACK_APP_TOKEN", env),
        DEFAULT_CONFIRM_TIMEOUT);
  }

  private static int parsePort(String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SLACK_BOT_PORT '" + text + "' is not a port number");
    }
  }

  public SlackBotConfig withMode(Mode value) {
    return new SlackBotConfig(value, bindAddress, port, mappingFile, emailFallback, apiBaseUrl, botToken,
        signingSecret, appToken, confirmTimeout);
  }

  public SlackBotConfig withListen(String bind, int listenPort) {
    return new SlackBotConfig(mode, bind, listenPort, mappingFile, emailFallback, apiBaseUrl, botToken,
        signingSecret, appToken, confirmTimeout);
  }

  public SlackBotConfig withMappingFile(Path file) {
    return new SlackBotConfig(mode, bindAddress, port, file, emailFallback, apiBaseUrl, botToken, signingSecret,
        appToken, confirmTimeout);
  }

  public SlackBotConfig withEmailFallback(boolean enabled) {
    return new SlackBotConfig(mode, bindAddress, port, mappingFile, enabled, apiBaseUrl, botToken, signingSecret,
        appToken, confirmTimeout);
  }

  public SlackBotConfig withApiBaseUrl(String url) {
    return new SlackBotConfig(mode, bindAddress, port, mappingFile, emailFallback, url, botToken, signingSecret,
        appToken, confirmTimeout);
  }

  /** Every missing setting, named so a person can fix them all at once; empty when the bot can start. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (botToken == null || !botToken.isPresent()) {
      problems.add("SLACK_BOT_TOKEN (or SLACK_BOT_TOKEN_FILE) is required");
    }
    if (mode == Mode.HTTP && (signingSecret == null || !signingSecret.isPresent())) {
      problems.add("SLACK_SIGNING_SECRET (or SLACK_SIGNING_SECRET_FILE) is required in HTTP mode");
    }
    if (mode == Mode.SOCKET && (appToken == null || !appToken.isPresent())) {
      problems.add("SLACK_APP_TOKEN (or SLACK_APP_TOKEN_FILE, an xapp- token with connections:write) is required in"
          + " socket mode");
    }
    if (port < 0 || port > 65535) {
      problems.add("port " + port + " is not between 0 and 65535");
    }
    if (mappingFile == null && !emailFallback) {
      problems.add("with SLACK_EMAIL_FALLBACK=false a mapping file (SLACK_MAPPING_FILE) is needed, or nobody can"
          + " approve");
    }
    return problems;
  }
}
