package dev.flightplan.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Slack Web API on loopback, answering in Slack's JSON shape the methods Flightplan uses, keeping the channel's
 * messages (with thread, blocks and metadata) and recording every call. Channel names are accepted only where Slack
 * accepts them ({@code chat.postMessage}); everywhere else the id is required, as in Slack.
 */
public final class FakeSlackApi implements AutoCloseable {

  public static final String CHANNEL_ID = "C0MIGRATE";
  public static final String CHANNEL_NAME = "migrations";
  public static final String BOT_USER = "U0BOT";

  /** One call to the API: its parameters (form fields or top-level JSON fields) and Authorization header. */
  public record Call(String method, Map<String, String> params, String authorization) {
    public String param(String name) {
      return params.get(name);
    }
  }

  /** A message in the channel; {@code blocks} and {@code metadata} as Slack stores them. */
  public record StoredMessage(String ts, String threadTs, String text, JsonNode blocks, JsonNode metadata) {
    public boolean hasButtons() {
      if (blocks == null) {
        return false;
      }
      for (JsonNode block : blocks) {
        if (block.path("type").asText().equals("actions")) {
          return true;
        }
      }
      return false;
    }

    public String blocksText() {
      return blocks == null ? "" : blocks.toString();
    }

    /** The value Slack sends back when the button {@code actionId} is clicked. */
    public String buttonValue(String actionId) {
      if (blocks != null) {
        for (JsonNode block : blocks) {
          for (JsonNode element : block.path("elements")) {
            if (element.path("action_id").asText().equals(actionId)) {
              return element.path("value").asText();
            }
          }
        }
      }
      throw new AssertionError("no " + actionId + " button in " + blocksText());
    }
  }

  private record Failure(int status, String error, Integer retryAfter) {}

  private record ResponseUrlPost(String id, JsonNode body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();
  private final Map<String, StoredMessage> messages = new LinkedHashMap<>();
  private final Map<String, ObjectNode> users = new HashMap<>();
  private final Map<String, Deque<Failure>> failures = new HashMap<>();
  private final List<ResponseUrlPost> responseUrlPosts = new ArrayList<>();
  private long sequence;

  public FakeSlackApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/", this::api);
    server.createContext("/response/", this::responseUrl);
    server.start();
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
  }

  /** A response_url for an interaction by {@code user}; what is posted to it counts as a private reply to them. */
  public String responseUrl(String user) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/response/" + user + "-" + System.nanoTime();
  }

  /** A workspace member, as {@code users.info} returns them. */
  public synchronized ObjectNode addUser(String id, String handle, String email) {
    ObjectNode user = json.createObjectNode();
    user.put("id", id);
    user.put("team_id", "T0TEST");
    user.put("name", handle);
    user.put("deleted", false);
    user.put("is_bot", false);
    user.put("is_restricted", false);
    user.put("is_ultra_restricted", false);
    ObjectNode profile = user.putObject("profile");
    profile.put("real_name", handle);
    if (email != null) {
      profile.put("email", email);
    }
    users.put(id, user);
    return user;
  }

  /** The next call of {@code method} fails: with HTTP {@code status} (429, 5xx) or, with 200, Slack's error body. */
  public synchronized void failNext(String method, int status, String error, Integer retryAfterSeconds) {
    failures.computeIfAbsent(method, k -> new ArrayDeque<>()).add(new Failure(status, error, retryAfterSeconds));
  }

  public synchronized List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized List<StoredMessage> messages() {
    return List.copyOf(messages.values());
  }

  public synchronized StoredMessage message(String ts) {
    return messages.get(ts);
  }

  /** The private replies the bot sent: ephemeral messages and response_url posts, as text per Slack user. */
  public synchronized List<String> ephemeralsTo(String user) {
    List<String> out = new ArrayList<>();
    for (Call call : calls) {
      if (call.method().equals("chat.postEphemeral") && user.equals(call.param("user"))) {
        out.add(call.param("text"));
      }
    }
    for (ResponseUrlPost post : responseUrlPosts) {
      if (post.id().startsWith(user)) {
        out.add(post.body().path("text").asText());
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  // ---- HTTP ----

  private void api(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestURI().getPath().substring("/api/".length());
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Map<String, String> params = params(exchange, body);
      Failure failure;
      synchronized (this) {
        calls.add(new Call(method, params, exchange.getRequestHeaders().getFirst("Authorization")));
        Deque<Failure> queued = failures.get(method);
        failure = queued == null ? null : queued.poll();
      }
      if (failure != null) {
        if (failure.retryAfter() != null) {
          exchange.getResponseHeaders().set("Retry-After", failure.retryAfter().toString());
        }
        write(exchange, failure.status(), error(failure.error() == null ? "internal_error" : failure.error()));
        return;
      }
      write(exchange, 200, answer(method, params));
    }
  }

  private void responseUrl(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode posted = json.readTree(exchange.getRequestBody().readAllBytes());
      String id = exchange.getRequestURI().getPath().substring("/response/".length());
      synchronized (this) {
        responseUrlPosts.add(new ResponseUrlPost(id, posted));
      }
      byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, ok.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(ok);
      }
    }
  }

  private synchronized ObjectNode answer(String method, Map<String, String> params) throws IOException {
    return switch (method) {
      case "auth.test" -> authTest();
      case "conversations.list" -> conversationsList();
      case "chat.postMessage" -> postMessage(params);
      case "chat.update" -> update(params);
      case "chat.postEphemeral" -> postEphemeral(params);
      case "conversations.history" -> history(params);
      case "conversations.replies" -> replies(params);
      case "users.info" -> usersInfo(params);
      case "views.open" -> viewsOpen(params);
      case "apps.connections.open" -> connectionsOpen();
      default -> error("unknown_method");
    };
  }

  /** Socket Mode's WebSocket URL, once a test runs a {@link FakeSocketModeServer}; refused before that. */
  private volatile String socketModeUrl;

  void socketModeUrl(String url) {
    this.socketModeUrl = url;
  }

  private ObjectNode connectionsOpen() {
    if (socketModeUrl == null) {
      return error("invalid_auth");
    }
    ObjectNode out = ok();
    out.put("url", socketModeUrl);
    return out;
  }

  private ObjectNode authTest() {
    ObjectNode out = ok();
    out.put("url", "https://flightplan-test.slack.com/");
    out.put("team", "Flightplan Test");
    out.put("user", "flightplan");
    out.put("team_id", "T0TEST");
    out.put("user_id", BOT_USER);
    out.put("bot_id", "B0BOT");
    return out;
  }

  private ObjectNode conversationsList() {
    ObjectNode out = ok();
    ObjectNode channel = out.putArray("channels").addObject();
    channel.put("id", CHANNEL_ID);
    channel.put("name", CHANNEL_NAME);
    channel.put("is_channel", true);
    channel.put("is_member", true);
    out.putObject("response_metadata").put("next_cursor", "");
    return out;
  }

  private ObjectNode postMessage(Map<String, String> params) throws IOException {
    String channel = params.get("channel");
    if (!(CHANNEL_ID.equals(channel) || ("#" + CHANNEL_NAME).equals(channel) || CHANNEL_NAME.equals(channel))) {
      return error("channel_not_found");
    }
    String ts = nextTs();
    String thread = params.get("thread_ts");
    StoredMessage message =
        new StoredMessage(ts, thread, params.get("text"), jsonParam(params, "blocks"), jsonParam(params, "metadata"));
    messages.put(ts, message);
    ObjectNode out = ok();
    out.put("channel", CHANNEL_ID);
    out.put("ts", ts);
    out.set("message", render(message, true));
    return out;
  }

  private ObjectNode update(Map<String, String> params) throws IOException {
    if (!CHANNEL_ID.equals(params.get("channel"))) {
      return error("channel_not_found");
    }
    StoredMessage old = messages.get(params.get("ts"));
    if (old == null) {
      return error("message_not_found");
    }
    StoredMessage updated =
        new StoredMessage(old.ts(), old.threadTs(), params.get("text"), jsonParam(params, "blocks"), old.metadata());
    messages.put(old.ts(), updated);
    ObjectNode out = ok();
    out.put("channel", CHANNEL_ID);
    out.put("ts", old.ts());
    out.put("text", updated.text());
    return out;
  }

  private ObjectNode postEphemeral(Map<String, String> params) {
    if (!CHANNEL_ID.equals(params.get("channel"))) {
      return error("channel_not_found");
    }
    if (params.get("user") == null) {
      return error("user_not_found");
    }
    ObjectNode out = ok();
    out.put("message_ts", nextTs());
    return out;
  }

  private ObjectNode history(Map<String, String> params) {
    if (!CHANNEL_ID.equals(params.get("channel"))) {
      return error("channel_not_found");
    }
    BigDecimal oldest = params.containsKey("oldest") ? new BigDecimal(params.get("oldest")) : BigDecimal.ZERO;
    boolean withMetadata = isTrue(params.get("include_all_metadata"));
    ObjectNode out = ok();
    ArrayNode list = out.putArray("messages");
    messages.values().stream()
        .filter(m -> m.threadTs() == null || m.threadTs().equals(m.ts()))
        .filter(m -> new BigDecimal(m.ts()).compareTo(oldest) >= 0)
        .sorted(Comparator.comparing((StoredMessage m) -> new BigDecimal(m.ts())).reversed())
        .forEach(m -> list.add(render(m, withMetadata)));
    out.put("has_more", false);
    out.putObject("response_metadata").put("next_cursor", "");
    return out;
  }

  private ObjectNode replies(Map<String, String> params) {
    if (!CHANNEL_ID.equals(params.get("channel"))) {
      return error("channel_not_found");
    }
    StoredMessage parent = messages.get(params.get("ts"));
    if (parent == null) {
      return error("thread_not_found");
    }
    boolean withMetadata = isTrue(params.get("include_all_metadata"));
    ObjectNode out = ok();
    ArrayNode list = out.putArray("messages");
    list.add(render(parent, withMetadata));
    for (StoredMessage m : messages.values()) {
      if (parent.ts().equals(m.threadTs()) && !m.ts().equals(parent.ts())) {
        list.add(render(m, withMetadata));
      }
    }
    out.put("has_more", false);
    out.putObject("response_metadata").put("next_cursor", "");
    return out;
  }

  private ObjectNode usersInfo(Map<String, String> params) {
    ObjectNode user = users.get(params.get("user"));
    if (user == null) {
      return error("user_not_found");
    }
    ObjectNode out = ok();
    out.set("user", user.deepCopy());
    return out;
  }

  private ObjectNode viewsOpen(Map<String, String> params) throws IOException {
    if (params.get("trigger_id") == null) {
      return error("invalid_arguments");
    }
    ObjectNode out = ok();
    ObjectNode view = (ObjectNode) jsonParam(params, "view");
    view.put("id", "V0" + (++sequence));
    out.set("view", view);
    return out;
  }

  // ---- helpers ----

  /** Slack takes {@code true} or {@code 1} (the Java SDK sends the latter). */
  public static boolean isTrue(String flag) {
    return "true".equals(flag) || "1".equals(flag);
  }

  private ObjectNode render(StoredMessage message, boolean withMetadata) {
    ObjectNode node = json.createObjectNode();
    node.put("type", "message");
    node.put("user", BOT_USER);
    node.put("bot_id", "B0BOT");
    node.put("ts", message.ts());
    node.put("text", message.text());
    if (message.threadTs() != null) {
      node.put("thread_ts", message.threadTs());
    }
    if (message.blocks() != null) {
      node.set("blocks", message.blocks());
    }
    if (withMetadata && message.metadata() != null) {
      node.set("metadata", message.metadata());
    }
    return node;
  }

  private String nextTs() {
    return Instant.now().getEpochSecond() + "." + String.format("%06d", ++sequence);
  }

  private ObjectNode ok() {
    ObjectNode out = json.createObjectNode();
    out.put("ok", true);
    return out;
  }

  private ObjectNode error(String error) {
    ObjectNode out = json.createObjectNode();
    out.put("ok", false);
    out.put("error", error);
    return out;
  }

  private JsonNode jsonParam(Map<String, String> params, String name) throws IOException {
    String value = params.get(name);
    return value == null ? null : json.readTree(value);
  }

  private Map<String, String> params(HttpExchange exchange, String body) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      JsonNode node = json.readTree(body);
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode value = field.getValue();
        params.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
      }
    } else {
      parseForm(body, params);
    }
    parseForm(exchange.getRequestURI().getRawQuery(), params);
    return params;
  }

  private static void parseForm(String raw, Map<String, String> into) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      into.put(name, value);
    }
  }

  private void write(HttpExchange exchange, int status, ObjectNode body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
