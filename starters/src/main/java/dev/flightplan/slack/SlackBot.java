package dev.flightplan.slack;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.response.apps.connections.AppsConnectionsOpenResponse;
import dev.flightplan.notify.slack.SlackNotifier;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack approval bot: turns verified Slack requests (button clicks, the reject reason dialog, {@code
 * /flightplan}) into signals to migrations, over HTTP or Socket Mode. Start it with {@link #start}, block on {@link
 * #awaitTermination()}, stop it with {@link #close()}.
 */
public final class SlackBot implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SlackBot.class);

  private final App app;
  private final SlackHttpEndpoint http;
  private final SocketModeApp socket;
  private final CountDownLatch stopped = new CountDownLatch(1);

  private SlackBot(App app, SlackHttpEndpoint http, SocketModeApp socket) {
    this.app = app;
    this.http = http;
    this.socket = socket;
  }

  /**
   * Starts the bot. Checks the token with Slack ({@code auth.test}) first, so a wrong token fails here rather than
   * on the first click.
   *
   * @throws IllegalArgumentException naming every missing setting, or the token Slack refused
   */
  public static SlackBot start(SlackBotConfig config, WorkflowClient client) throws IOException {
    if (!config.problems().isEmpty()) {
      throw new IllegalArgumentException("Slack bot configuration: " + String.join("; ", config.problems()));
    }
    IdentityMapping mapping =
        config.mappingFile() == null ? IdentityMapping.empty() : IdentityMapping.load(config.mappingFile());
    Slack slack = SlackNotifier.slackClient(config.apiBaseUrl());
    AppConfig appConfig =
        AppConfig.builder()
            .slack(slack)
            .singleTeamBotToken(config.botToken().get())
            .signingSecret(config.mode() == SlackBotConfig.Mode.HTTP ? config.signingSecret().get() : null)
            // Never an OAuth / multi-workspace app, whatever the environment holds.
            .clientId(null)
            .clientSecret(null)
            .verificationToken(null)
            .build();
    App app = new App(appConfig);
    new FlightplanSlackApp(
            new MigrationDecisions(client, config.confirmTimeout()),
            new RunningMigrations(client),
            new Identities(mapping, config.emailFallback()))
        .register(app);
    app.start();

    if (config.mode() == SlackBotConfig.Mode.SOCKET) {
      SocketModeApp socket;
      try {
        // Asking for a connection URL first makes a bad app token fail start-up with Slack's reason; Bolt would
        // only log it. The URL is not used: it expires unused, and Bolt asks for its own.
        AppsConnectionsOpenResponse check =
            slack.methods().appsConnectionsOpen(r -> r.token(config.appToken().get()));
        if (!check.isOk()) {
          throw new IOException("apps.connections.open answered " + check.getError());
        }
        // Built from the token, Bolt registers its envelope handler on every client it opens; built from a
        // ready-made client it registers none, and every envelope would go unanswered.
        socket = new SocketModeApp(config.appToken().get(), app);
        socket.startAsync();
      } catch (Exception e) {
        app.stop();
        throw new IOException(
            "Socket Mode connection to Slack failed (" + e.getMessage() + "): check SLACK_APP_TOKEN, an app-level"
                + " xapp- token with connections:write, and that Socket Mode is enabled for the app",
            e);
      }
      log.info(
          "Slack bot connected in Socket Mode ({} mapped users, email fallback {})", mapping.users().size(),
          config.emailFallback());
      return new SlackBot(app, null, socket);
    }
    SlackHttpEndpoint http;
    try {
      http =
          new SlackHttpEndpoint(
              app,
              new RequestSignature(config.signingSecret(), Clock.systemUTC()),
              config.bindAddress(),
              config.port());
    } catch (IOException e) {
      app.stop();
      throw new IOException(
          "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    http.start();
    log.info(
        "Slack bot listening on http://{}:{}{} ({} mapped users, email fallback {})", config.bindAddress(),
        http.port(), SlackHttpEndpoint.PATH, mapping.users().size(), config.emailFallback());
    return new SlackBot(app, http, null);
  }

  /** The HTTP port actually bound (useful with port 0); -1 in Socket Mode. */
  public int port() {
    return http == null ? -1 : http.port();
  }

  /** Blocks until {@link #close()} is called (from a shutdown hook, for instance). */
  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    try {
      if (http != null) {
        http.close();
      }
      if (socket != null) {
        socket.close();
      }
    } catch (Exception e) {
      log.warn("stopping the Slack bot: {}", e.toString());
    } finally {
      app.stop();
      stopped.countDown();
    }
  }
}
