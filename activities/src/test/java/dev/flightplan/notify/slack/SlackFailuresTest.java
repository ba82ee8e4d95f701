package dev.flightplan.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlackFailuresTest {

  @Test
  void rateLimitRetriesAfterTheDelaySlackAsksFor() {
    ApplicationFailure failure =
        SlackFailures.classify("chat.postMessage", "ratelimited", 429, Duration.ofSeconds(7), "#migrations", null);

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(7));
    assertThat(failure.getOriginalMessage()).isEqualTo("Slack chat.postMessage failed: ratelimited");
  }

  @Test
  void serverErrorsAndSlacksOwnOutagesRetry() {
    assertThat(SlackFailures.classify("chat.update", null, 503, null, "#m", null).isNonRetryable()).isFalse();
    assertThat(SlackFailures.classify("chat.update", "internal_error", 200, null, "#m", null).isNonRetryable())
        .isFalse();
  }

  @Test
  void botOutsideTheChannelFailsAtOnceWithTheFix() {
    ApplicationFailure failure =
        SlackFailures.classify("chat.postMessage", "not_in_channel", 200, null, "#migrations", null);

    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .contains("not_in_channel")
        .contains("invite the bot to #migrations");
  }

  @Test
  void missingChannelAndBadTokenFailAtOnceNamingWhatToCheck() {
    ApplicationFailure channel =
        SlackFailures.classify("chat.postMessage", "channel_not_found", 200, null, "migrations", null);
    ApplicationFailure token = SlackFailures.classify("auth.test", "invalid_auth", 200, null, "#migrations", null);
    ApplicationFailure scope =
        SlackFailures.classify("conversations.history", "missing_scope", 200, null, "#migrations", "channels:history");

    assertThat(channel.isNonRetryable()).isTrue();
    assertThat(channel.getOriginalMessage()).contains("channel_not_found").contains("invite the bot to #migrations");
    assertThat(token.isNonRetryable()).isTrue();
    assertThat(token.getOriginalMessage()).contains("invalid_auth").contains("SLACK_BOT_TOKEN");
    assertThat(scope.getOriginalMessage()).contains("channels:history");
  }
}
