package dev.flightplan.notify.slack;

import dev.flightplan.notify.Notifier;
import com.slack.api.Slack;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import com.slack.api.model.Message;
import dev.flightplan.activities.NotifyActivities.Notification;
import dev.flightplan.activities.NotifyActivities.NotificationReceipt;
import dev.flightplan.notify.slack.SlackMessages.SlackMessage;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts migration notifications to the plan's Slack channel. The first message of a migration starts its thread
 * (the receipt's thread is that message's ts) and later ones reply in it; the approval request carries Approve /
 * Reject buttons, and is updated in place, without buttons, once decided.
 *
 * <p>Idempotent: every message carries Slack message metadata (event type {@value #METADATA_EVENT}, payload {@code
 * key}), and before posting the notifier looks for a message with the same key in the thread (or, for a migration's
 * first message, among the channel's messages of the last {@link #FIRST_MESSAGE_LOOKBACK}) and returns it instead of
 * posting twice. A retried activity therefore never duplicates a message.
 */
public final class SlackNotifier implements Notifier {

  public static final String METADATA_EVENT = "flightplan";

  /**
   * How far back a migration's first message is looked for. Activity retries happen within minutes; a longer window
   * would let a new run of a migration with the same name reuse the previous run's thread.
   */
  static final Duration FIRST_MESSAGE_LOOKBACK = Duration.ofMinutes(15);

  private static final Logger log = LoggerFactory.getLogger(SlackNotifier.class);
  private static final Pattern CHANNEL_ID = Pattern.compile("[CGD][A-Z0-9]{6,}");
  private static final int MAX_PAGES = 10;
  private static final Set<String> UPDATE_TARGET_GONE = Set.of("message_not_found", "cant_update_message");

  private final SlackWebApi api;
  private final Clock clock;
  private final Map<String, String> channelIds = new ConcurrentHashMap<>();

  public SlackNotifier(Slack slack, Supplier<String> token, Clock clock) {
    this.api = new SlackWebApi(slack, token);
    this.clock = clock;
  }

  /**
   * A notifier for the Slack Web API at {@code apiBaseUrl} (null for Slack itself), with the bot token from {@code
   * token}, such as {@code SlackSecret.fromEnvironment("SLACK_BOT_TOKEN")}.
   */
  public static SlackNotifier create(String apiBaseUrl, Supplier<String> token) {
    return new SlackNotifier(slackClient(apiBaseUrl), token, Clock.systemUTC());
  }

  /** The Slack SDK client pointed at {@code apiBaseUrl} (null for Slack itself), shared with the bot. */
  public static Slack slackClient(String apiBaseUrl) {
    return SlackWebApi.client(apiBaseUrl);
  }

  /** Posts, replies or updates; returns the migration's thread and this notification's message. */
  @Override
  public String name() {
    return "slack";
  }

  @Override
  public boolean appliesTo(Notification notification) {
    return notification.target() != null && notification.target().slack() != null;
  }

  @Override
  public NotificationReceipt send(Notification notification) {
    if (notification.target() == null
        || notification.target().slack() == null
        || notification.target().slack().channel() == null
        || notification.target().slack().channel().isBlank()) {
      return NotificationReceipt.none();
    }
    String channelName = notification.target().slack().channel();
    String channel = channelId(channelName);
    if (notification.replaces() != null && update(channel, channelName, notification)) {
      String thread = notification.thread() == null ? notification.replaces() : notification.thread();
      return new NotificationReceipt(thread, notification.replaces());
    }
    String existing = findByKey(channel, channelName, notification.thread(), notification.key());
    if (existing != null) {
      log.info(
          "Slack message for {} already posted in {} (ts {}): not posting again", notification.key(), channelName,
          existing);
      return receipt(notification.thread(), existing);
    }
    String ts = post(channel, channelName, notification);
    log.info("posted {} of {} to {} (ts {})", notification.event(), notification.migration(), channelName, ts);
    return receipt(notification.thread(), ts);
  }

  private static NotificationReceipt receipt(String thread, String ts) {
    return new NotificationReceipt(thread == null ? ts : thread, ts);
  }

  /** False when the message to update is gone, so the decision is posted as a new message instead. */
  private boolean update(String channel, String channelName, Notification notification) {
    SlackMessage message = SlackMessages.updated(notification, clock.instant());
    ChatUpdateResponse response =
        api.call(
            "chat.update",
            channelName,
            UPDATE_TARGET_GONE,
            client ->
                client.chatUpdate(
                    r -> r.channel(channel).ts(notification.replaces()).text(message.text()).blocks(message.blocks())));
    if (!response.isOk()) {
      log.warn(
          "approval message {} in {} cannot be updated ({}): posting the decision instead", notification.replaces(),
          channelName, response.getError());
      return false;
    }
    log.info("updated approval message {} in {}: {}", notification.replaces(), channelName, notification.event());
    return true;
  }

  private String post(String channel, String channelName, Notification notification) {
    SlackMessage message =
        notification.replaces() != null
            ? SlackMessages.updated(notification, clock.instant())
            : SlackMessages.render(notification);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("key", notification.key());
    payload.put("migration", notification.migration());
    payload.put("event", notification.event());
    Message.Metadata metadata = Message.Metadata.builder().eventType(METADATA_EVENT).eventPayload(payload).build();
    ChatPostMessageResponse response =
        api.call(
            "chat.postMessage",
            channelName,
            client ->
                client.chatPostMessage(
                    r ->
                        r.channel(channel)
                            .threadTs(notification.thread())
                            .text(message.text())
                            .blocks(message.blocks())
                            .metadata(metadata)
                            .unfurlLinks(false)
                            .unfurlMedia(false)));
    return response.getTs();
  }

  /** The ts of the message already posted with {@code key}, or null. */
  private String findByKey(String channel, String channelName, String thread, String key) {
    if (key == null) {
      return null;
    }
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String pageCursor = cursor;
      List<Message> messages;
      String next;
      if (thread != null) {
        ConversationsRepliesResponse response =
            api.call(
                "conversations.replies",
                channelName,
                client ->
                    client.conversationsReplies(
                        r -> r.channel(channel).ts(thread).includeAllMetadata(true).limit(200).cursor(pageCursor)));
        messages = response.getMessages();
        next = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
      } else {
        String oldest = Long.toString(clock.instant().minus(FIRST_MESSAGE_LOOKBACK).getEpochSecond()) + ".000000";
        ConversationsHistoryResponse response =
            api.call(
                "conversations.history",
                channelName,
                client ->
                    client.conversationsHistory(
                        r ->
                            r.channel(channel)
                                .oldest(oldest)
                                .includeAllMetadata(true)
                                .limit(200)
                                .cursor(pageCursor)));
        messages = response.getMessages();
        next = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
      }
      String found = withKey(messages, key);
      if (found != null || next == null || next.isEmpty()) {
        return found;
      }
      cursor = next;
    }
    return null;
  }

  private static String withKey(List<Message> messages, String key) {
    if (messages == null) {
      return null;
    }
    for (Message message : messages) {
      Message.Metadata metadata = message.getMetadata();
      if (metadata != null
          && METADATA_EVENT.equals(metadata.getEventType())
          && metadata.getEventPayload() != null
          && key.equals(String.valueOf(metadata.getEventPayload().get("key")))) {
        return message.getTs();
      }
    }
    return null;
  }

  /**
   * Plans name channels ({@code #migrations}); updates and history need the channel's id, looked up once through
   * {@code conversations.list} and cached. A plan may also give the id itself.
   */
  String channelId(String channel) {
    String name = channel.startsWith("#") ? channel.substring(1) : channel;
    if (CHANNEL_ID.matcher(name).matches()) {
      return name;
    }
    String cached = channelIds.get(name);
    if (cached != null) {
      return cached;
    }
    String cursor = null;
    for (int page = 0; page < MAX_PAGES * 5; page++) {
      String pageCursor = cursor;
      ConversationsListResponse response =
          api.call(
              "conversations.list",
              channel,
              client ->
                  client.conversationsList(
                      r ->
                          r.types(List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                              .excludeArchived(true)
                              .limit(1000)
                              .cursor(pageCursor)));
      if (response.getChannels() != null) {
        for (Conversation conversation : response.getChannels()) {
          channelIds.put(conversation.getName(), conversation.getId());
        }
      }
      if (channelIds.containsKey(name)) {
        return channelIds.get(name);
      }
      String next = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
      if (next == null || next.isEmpty()) {
        break;
      }
      cursor = next;
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "Slack conversations.list failed: channel_not_found" + SlackFailures.hint("channel_not_found", channel, null),
        SlackFailures.NON_RETRYABLE_TYPE);
  }
}
