package dev.flightplan.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;
import dev.flightplan.plan.Notify;
import dev.flightplan.slack.FakeSlackApi;
import dev.flightplan.slack.FakeSlackApi.StoredMessage;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SlackNotifier against the fake Slack Web API. (It lives in the starters module because the fake is shared with
 * the bot's tests; the notifier's pure parts are tested in the activities module.)
 */
class SlackNotifierTest {

  private static final Notify CHANNEL = new Notify(new Notify.SlackNotify("#migrations"), null);
  private static final String TOKEN = "xoxb-test-token";

  private FakeSlackApi slack;
  private SlackNotifier notifier;

  @BeforeEach
  void setUp() throws Exception {
    slack = new FakeSlackApi();
    notifier = new SlackNotifier(SlackNotifier.slackClient(slack.apiUrl()), () -> TOKEN, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() {
    slack.close();
  }

  private static Notification notification(String event, int step, String thread, String replaces) {
    return new Notification(
        CHANNEL,
        "web",
        event,
        "web/" + step + "/" + event,
        "web: " + event,
        Map.of("phase", "rollout", "step", step + "/7 canary", "weight", "10%", "state", "RUNNING"),
        List.of("alice"),
        thread,
        replaces);
  }

  @Test
  void firstMessageStartsTheThreadAndLaterOnesReplyInIt() {
    NotificationReceipt first = notifier.send(notification("started", 0, null, null));
    NotificationReceipt second = notifier.send(notification("approval-needed", 3, first.thread(), null));

    assertThat(first.thread()).isEqualTo(first.message());
    assertThat(second.thread()).isEqualTo(first.thread());
    assertThat(slack.message(first.message()).threadTs()).isNull();
    assertThat(slack.message(second.message()).threadTs()).isEqualTo(first.thread());
    assertThat(slack.message(second.message()).metadata().toString())
        .contains("\"event_type\":\"flightplan\"")
        .contains("\"key\":\"web/3/approval-needed\"");
  }

  @Test
  void aRetriedNotificationReturnsTheMessageAlreadyPostedInsteadOfPostingTwice() {
    NotificationReceipt first = notifier.send(notification("started", 0, null, null));
    NotificationReceipt again = notifier.send(notification("started", 0, null, null));
    NotificationReceipt reply = notifier.send(notification("breach", 2, first.thread(), null));
    NotificationReceipt replyAgain = notifier.send(notification("breach", 2, first.thread(), null));

    assertThat(again).isEqualTo(first);
    assertThat(replyAgain).isEqualTo(reply);
    assertThat(slack.calls("chat.postMessage")).hasSize(2);
    assertThat(slack.messages()).hasSize(2);
    assertThat(slack.calls("conversations.history"))
        .allMatch(c -> FakeSlackApi.isTrue(c.param("include_all_metadata")));
  }

  @Test
  void decidedApprovalUpdatesTheRequestInPlace() {
    NotificationReceipt thread = notifier.send(notification("started", 0, null, null));
    NotificationReceipt request = notifier.send(notification("approval-needed", 3, thread.thread(), null));
    assertThat(slack.message(request.message()).hasButtons()).isTrue();

    NotificationReceipt decided =
        notifier.send(notification("approval-decided", 3, thread.thread(), request.message()));

    assertThat(decided).isEqualTo(new NotificationReceipt(thread.thread(), request.message()));
    StoredMessage updated = slack.message(request.message());
    assertThat(updated.hasButtons()).isFalse();
    assertThat(updated.blocksText()).contains("web: approval-decided").contains("Decided <!date^");
    assertThat(slack.calls("chat.update"))
        .singleElement()
        .satisfies(c -> assertThat(c.param("channel")).isEqualTo(FakeSlackApi.CHANNEL_ID));
    assertThat(slack.messages()).hasSize(2);
  }

  @Test
  void decisionIsPostedWhenTheRequestMessageIsGone() {
    NotificationReceipt thread = notifier.send(notification("started", 0, null, null));

    NotificationReceipt decided = notifier.send(notification("approval-decided", 3, thread.thread(), "1.000001"));

    assertThat(decided.message()).isNotEqualTo("1.000001");
    assertThat(slack.message(decided.message()).threadTs()).isEqualTo(thread.thread());
  }

  @Test
  void channelNameIsLookedUpOnceAndTheTokenGoesOnlyInTheAuthorizationHeader() {
    NotificationReceipt first = notifier.send(notification("started", 0, null, null));
    notifier.send(notification("completed", 7, first.thread(), null));

    assertThat(slack.calls("conversations.list")).hasSize(1);
    assertThat(slack.calls()).allSatisfy(call -> {
      assertThat(call.authorization()).isEqualTo("Bearer " + TOKEN);
      assertThat(call.params().values()).noneMatch(v -> v.contains(TOKEN));
    });
    assertThat(slack.calls("chat.postMessage")).allMatch(c -> c.param("channel").equals(FakeSlackApi.CHANNEL_ID));
  }

  @Test
  void botOutsideTheChannelFailsWithoutRetryAndSaysToInviteIt() {
    slack.failNext("chat.postMessage", 200, "not_in_channel", null);

    assertThatThrownBy(() -> notifier.send(notification("started", 0, null, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage())
                  .contains("not_in_channel")
                  .contains("invite the bot to #migrations");
            });
  }

  @Test
  void unknownChannelFailsWithoutRetry() {
    Notify elsewhere = new Notify(new Notify.SlackNotify("#nowhere"), null);
    Notification notification =
        new Notification(elsewhere, "web", "started", "web/0/started", "x", Map.of(), List.of(), null, null);

    assertThatThrownBy(() -> notifier.send(notification))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).contains("channel_not_found").contains("#nowhere");
            });
  }

  @Test
  void rateLimitAndServerErrorsAreRetryable() {
    slack.failNext("chat.postMessage", 429, "ratelimited", 3);

    assertThatThrownBy(() -> notifier.send(notification("started", 0, null, null)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).isFalse();
              assertThat(failure.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(3));
            });

    slack.failNext("chat.postMessage", 503, null, null);
    assertThatThrownBy(() -> notifier.send(notification("started", 0, null, null)))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(failure.isNonRetryable()).isFalse());

    NotificationReceipt receipt = notifier.send(notification("started", 0, null, null));
    assertThat(slack.messages()).singleElement().satisfies(m -> assertThat(m.ts()).isEqualTo(receipt.message()));
  }

  @Test
  void notificationWithoutASlackChannelPostsNothing() {
    Notify webhookOnly = new Notify(null, new Notify.WebhookNotify("http://127.0.0.1:1/hook", null));
    Notification notification =
        new Notification(webhookOnly, "web", "started", "web/0/started", "x", Map.of(), List.of(), null, null);

    assertThat(notifier.send(notification)).isEqualTo(NotificationReceipt.none());
    assertThat(slack.calls()).isEmpty();
  }
}
