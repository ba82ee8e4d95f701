package dev.flightplan.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends the bot what Slack sends: form-encoded interaction payloads ({@code payload=<json>}) and slash commands,
 * signed with the signing secret the way Slack signs them.
 */
final class SlackInteractions {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI endpoint;
  private final String signingSecret;
  private final FakeSlackApi slack;

  SlackInteractions(int botPort, String signingSecret, FakeSlackApi slack) {
    this.endpoint = URI.create("http://127.0.0.1:" + botPort + SlackHttpEndpoint.PATH);
    this.signingSecret = signingSecret;
    this.slack = slack;
  }

  /** A click on a button of the message {@code messageTs} (in {@code threadTs}), as a form-encoded HTTP body. */
  String clickBody(String user, String actionId, String value, String messageTs, String threadTs) {
    return "payload="
        + URLEncoder.encode(clickPayload(user, actionId, value, messageTs, threadTs).toString(), StandardCharsets.UTF_8);
  }

  /** A click on a button of the message {@code messageTs} (in {@code threadTs}): Slack's block_actions payload. */
  ObjectNode clickPayload(String user, String actionId, String value, String messageTs, String threadTs) {
    ObjectNode payload = json.createObjectNode();
    payload.put("type", "block_actions");
    ObjectNode who = payload.putObject("user");
    who.put("id", user);
    who.put("username", user.toLowerCase());
    who.put("name", user.toLowerCase());
    who.put("team_id", "T0TEST");
    payload.put("api_app_id", "A0FLIGHTPLAN");
    payload.put("token", "legacy-verification-token");
    ObjectNode container = payload.putObject("container");
    container.put("type", "message");
    container.put("message_ts", messageTs);
    container.put("channel_id", FakeSlackApi.CHANNEL_ID);
    container.put("is_ephemeral", false);
    if (threadTs != null) {
      container.put("thread_ts", threadTs);
    }
    payload.put("trigger_id", "1337.42." + System.nanoTime());
    ObjectNode team = payload.putObject("team");
    team.put("id", "T0TEST");
    team.put("domain", "flightplan-test");
    payload.put("is_enterprise_install", false);
    ObjectNode channel = payload.putObject("channel");
    channel.put("id", FakeSlackApi.CHANNEL_ID);
    channel.put("name", FakeSlackApi.CHANNEL_NAME);
    ObjectNode message = payload.putObject("message");
    message.put("type", "message");
    message.put("ts", messageTs);
    if (threadTs != null) {
      message.put("thread_ts", threadTs);
    }
    message.put("user", FakeSlackApi.BOT_USER);
    message.put("text", "Approval needed");
    payload.putObject("state").putObject("values");
    payload.put("response_url", slack.responseUrl(user));
    ObjectNode action = payload.putArray("actions").addObject();
    action.put("action_id", actionId);
    action.put("block_id", "flightplan_decision");
    ObjectNode text = action.putObject("text");
    text.put("type", "plain_text");
    text.put("text", actionId.endsWith("approve") ? "Approve" : "Reject");
    action.put("value", value);
    action.put("type", "button");
    action.put("action_ts", Instant.now().getEpochSecond() + ".000100");
    return payload;
  }

  HttpResponse<String> click(String user, String actionId, String value, String messageTs, String threadTs)
      throws IOException, InterruptedException {
    return send(clickBody(user, actionId, value, messageTs, threadTs));
  }

  /** The reject reason modal submitted, with the private_metadata the bot gave the modal it opened. */
  HttpResponse<String> submitReason(String user, String privateMetadata, String reason)
      throws IOException, InterruptedException {
    ObjectNode payload = json.createObjectNode();
    payload.put("type", "view_submission");
    ObjectNode team = payload.putObject("team");
    team.put("id", "T0TEST");
    team.put("domain", "flightplan-test");
    ObjectNode who = payload.putObject("user");
    who.put("id", user);
    who.put("username", user.toLowerCase());
    who.put("name", user.toLowerCase());
    who.put("team_id", "T0TEST");
    payload.put("api_app_id", "A0FLIGHTPLAN");
    payload.put("token", "legacy-verification-token");
    payload.put("trigger_id", "1337.43." + System.nanoTime());
    ObjectNode view = payload.putObject("view");
    view.put("id", "V0REJECT");
    view.put("team_id", "T0TEST");
    view.put("type", "modal");
    view.putArray("blocks");
    view.put("private_metadata", privateMetadata);
    view.put("callback_id", FlightplanSlackApp.REJECT_MODAL);
    ObjectNode value =
        view.putObject("state")
            .putObject("values")
            .putObject(FlightplanSlackApp.REASON_BLOCK)
            .putObject(FlightplanSlackApp.REASON_ACTION);
    value.put("type", "plain_text_input");
    value.put("value", reason);
    view.put("hash", "1700000000.abcdef");
    view.put("app_id", "A0FLIGHTPLAN");
    view.put("bot_id", "B0BOT");
    payload.putArray("response_urls");
    payload.put("is_enterprise_install", false);
    return send("payload=" + URLEncoder.encode(payload.toString(), StandardCharsets.UTF_8));
  }

  /** {@code /flightplan <text>} typed by {@code user} in the migrations channel. */
  HttpResponse<String> command(String user, String text) throws IOException, InterruptedException {
    String body =
        commandFields(user, text).entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(body);
  }

  /** The fields of a slash command, as Slack sends them (a form over HTTP, a JSON object in Socket Mode). */
  Map<String, String> commandFields(String user, String text) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("token", "legacy-verification-token");
    form.put("team_id", "T0TEST");
    form.put("team_domain", "flightplan-test");
    form.put("channel_id", FakeSlackApi.CHANNEL_ID);
    form.put("channel_name", FakeSlackApi.CHANNEL_NAME);
    form.put("user_id", user);
    form.put("user_name", user.toLowerCase());
    form.put("command", FlightplanSlackApp.COMMAND);
    form.put("text", text);
    form.put("api_app_id", "A0FLIGHTPLAN");
    form.put("is_enterprise_install", "false");
    form.put("response_url", slack.responseUrl(user));
    form.put("trigger_id", "1337.44." + System.nanoTime());
    return form;
  }

  /** Signed now with the right secret. */
  HttpResponse<String> send(String body) throws IOException, InterruptedException {
    String timestamp = Long.toString(Instant.now().getEpochSecond());
    return send(body, timestamp, RequestSignature.sign(signingSecret, timestamp, body));
  }

  HttpResponse<String> send(String body, String timestamp, String signature)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      request.header("X-Slack-Request-Timestamp", timestamp);
    }
    if (signature != null) {
      request.header("X-Slack-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
