package dev.flightplan.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlackSecretTest {

  @Test
  void readsTheVariableItself() {
    SlackSecret secret = SlackSecret.fromEnvironment("SLACK_BOT_TOKEN", Map.of("SLACK_BOT_TOKEN", " xoxb-1 \n"));

    assertThat(secret.get()).isEqualTo("xoxb-1");
  }

  @Test
  void readsTheFileVariantOnEveryCallSoRotationNeedsNoRestart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "xoxb-old\n");
    SlackSecret secret =
        SlackSecret.fromEnvironment("SLACK_BOT_TOKEN", Map.of("SLACK_BOT_TOKEN_FILE", file.toString()));
    assertThat(secret.get()).isEqualTo("xoxb-old");

    Files.writeString(file, "xoxb-new\n");

    assertThat(secret.get()).isEqualTo("xoxb-new");
  }

  @Test
  void neverShowsTheValue() {
    SlackSecret secret = SlackSecret.fromEnvironment("SLACK_SIGNING_SECRET", Map.of("SLACK_SIGNING_SECRET", "s3cr3t"));

    assertThat(secret.toString()).doesNotContain("s3cr3t").contains("SLACK_SIGNING_SECRET");
  }

  @Test
  void missingSecretNamesBothVariables() {
    SlackSecret secret = SlackSecret.fromEnvironment("SLACK_APP_TOKEN", Map.of());

    assertThat(secret.isPresent()).isFalse();
    assertThatThrownBy(secret::get)
        .hasMessageContaining("SLACK_APP_TOKEN")
        .hasMessageContaining("SLACK_APP_TOKEN_FILE");
  }
}
