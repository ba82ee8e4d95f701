package dev.flightplan.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode endpoint on loopback: the URL {@code apps.connections.open} hands out. It greets each connection
 * with {@code hello} as Slack does, delivers envelopes ({@code interactive}, {@code slash_commands}) and records what
 * the app sends back: acknowledgements carrying the envelope id, and for slash commands the response payload.
 */
final class FakeSocketModeServer extends WebSocketServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CountDownLatch started = new CountDownLatch(1);
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> connectionPaths = new CopyOnWriteArrayList<>();

  FakeSocketModeServer() {
    super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    setReuseAddr(true);
    setConnectionLostTimeout(0);
  }

  /** Starts listening; returns once the port is bound. */
  FakeSocketModeServer listen() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the fake Socket Mode server did not start");
    }
    return this;
  }

  String url() {
    return "ws://127.0.0.1:" + getPort() + "/link/?ticket=fake-ticket&app_id=A0FLIGHTPLAN";
  }

  /** Paths the app connected on, one per WebSocket connection. */
  List<String> connectionPaths() {
    return List.copyOf(connectionPaths);
  }

  boolean connected() {
    return !getConnections().isEmpty();
  }

  /** Delivers an envelope of {@code type} around {@code payload} to every connection; returns its envelope id. */
  String deliver(String type, JsonNode payload, boolean acceptsResponsePayload) {
    String envelopeId = UUID.randomUUID().toString();
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("envelope_id", envelopeId);
    envelope.set("payload", payload);
    envelope.put("type", type);
    envelope.put("accepts_response_payload", acceptsResponsePayload);
    broadcast(envelope.toString());
    return envelopeId;
  }

  /** The acknowledgement of {@code envelopeId}, or null while the app has not sent it. */
  JsonNode ackOf(String envelopeId) {
    return received.stream()
        .filter(message -> envelopeId.equals(message.path("envelope_id").asText(null)))
        .findFirst()
        .orElse(null);
  }

  @Override
  public void onOpen(WebSocket connection, ClientHandshake handshake) {
    connectionPaths.add(handshake.getResourceDescriptor());
    ObjectNode hello = JSON.createObjectNode();
    hello.put("type", "hello");
    hello.put("num_connections", getConnections().size());
    hello.putObject("debug_info").put("host", "applink-fake").put("approximate_connection_time", 18060);
    hello.putObject("connection_info").put("app_id", "A0FLIGHTPLAN");
    connection.send(hello.toString());
  }

  @Override
  public void onMessage(WebSocket connection, String message) {
    try {
      received.add(JSON.readTree(message));
    } catch (IOException e) {
      throw new UncheckedIOException("the app sent something that is not JSON: " + message, e);
    }
  }

  @Override
  public void onClose(WebSocket connection, int code, String reason, boolean remote) {}

  @Override
  public void onError(WebSocket connection, Exception error) {}

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void close() throws InterruptedException {
    stop(1000);
  }
}
