package dev.flightplan.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.notify.slack.SlackSecret;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackBotStartupTest {

  private FakeSlackApi slack;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() throws Exception {
    slack = new FakeSlackApi();
    env = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    env.close();
    slack.close();
  }

  private SlackBotConfig config(SlackBotConfig.Mode mode, String botToken, String appToken) {
    return new SlackBotConfig(
        mode,
        "127.0.0.1",
        0,
        null,
        true,
        slack.apiUrl(),
        SlackSecret.of("SLACK_BOT_TOKEN", botToken),
        SlackSecret.of("SLACK_SIGNING_SECRET", "secret"),
        appToken == null
            ? SlackSecret.fromEnvironment("SLACK_APP_TOKEN", Map.of())
            : SlackSecret.of("SLACK_APP_TOKEN", appToken),
        Duration.ofSeconds(1));
  }

  @Test
  void checksTheBotTokenWithSlackBeforeListening() throws Exception {
    try (SlackBot bot = SlackBot.start(config(SlackBotConfig.Mode.HTTP, "xoxb-good", null), env.getWorkflowClient())) {
      assertThat(bot.port()).isPositive();
      assertThat(slack.calls("auth.test")).singleElement()
          .satisfies(c -> assertThat(c.authorization()).isEqualTo("Bearer xoxb-good"));
    }
  }

  @Test
  void refusedBotTokenStopsTheStartWithSlacksError() {
    slack.failNext("auth.test", 200, "invalid_auth", null);

    SlackBotConfig badToken = config(SlackBotConfig.Mode.HTTP, "xoxb-bad", null);

    assertThatThrownBy(() -> SlackBot.start(badToken, env.getWorkflowClient()))
        .hasMessageContaining("invalid_auth")
        .hasMessageNotContaining("xoxb-bad");
  }

  @Test
  void socketModeOpensItsConnectionWithTheAppTokenAndExplainsARefusal() {
    SlackBotConfig socket = config(SlackBotConfig.Mode.SOCKET, "xoxb-good", "xapp-1-test");

    assertThatThrownBy(() -> SlackBot.start(socket, env.getWorkflowClient()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("invalid_auth")
        .hasMessageContaining("SLACK_APP_TOKEN")
        .hasMessageNotContaining("xapp-1-test");
    assertThat(slack.calls("apps.connections.open")).singleElement()
        .satisfies(c -> assertThat(c.authorization()).isEqualTo("Bearer xapp-1-test"));
  }

  @Test
  void missingSecretsAreAllNamedAtOnce() {
    SlackBotConfig socketWithoutSecrets = SlackBotConfig.fromEnvironment(Map.of("SLACK_BOT_MODE", "socket"));
    SlackBotConfig httpWithoutSecrets = SlackBotConfig.fromEnvironment(Map.of());

    assertThat(socketWithoutSecrets.problems())
        .anyMatch(p -> p.contains("SLACK_BOT_TOKEN"))
        .anyMatch(p -> p.contains("SLACK_APP_TOKEN"))
        .noneMatch(p -> p.contains("SLACK_SIGNING_SECRET"));
    assertThat(httpWithoutSecrets.problems())
        .anyMatch(p -> p.contains("SLACK_BOT_TOKEN"))
        .anyMatch(p -> p.contains("SLACK_SIGNING_SECRET"));
    assertThatThrownBy(() -> SlackBot.start(httpWithoutSecrets, env.getWorkflowClient()))
        .hasMessageContaining("SLACK_BOT_TOKEN")
        .hasMessageContaining("SLACK_SIGNING_SECRET");
  }

  @Test
  void configFromTheEnvironmentNeverPrintsASecret() {
    SlackBotConfig config =
        SlackBotConfig.fromEnvironment(
            Map.of(
                "SLACK_BOT_TOKEN", "xoxb-123-secret",
                "SLACK_SIGNING_SECRET", "sign-secret",
                "SLACK_BOT_PORT", "3100",
                "SLACK_EMAIL_FALLBACK", "false",
                "SLACK_MAPPING_FILE", "/etc/flightplan/slack-users.yaml"));

    assertThat(config.toString()).doesNotContain("xoxb-123-secret").doesNotContain("sign-secret");
    assertThat(config.port()).isEqualTo(3100);
    assertThat(config.emailFallback()).isFalse();
    assertThat(config.problems()).isEmpty();
  }
}
