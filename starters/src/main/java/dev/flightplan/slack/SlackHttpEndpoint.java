package dev.flightplan.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint Slack calls (interactivity and slash commands): a JDK HTTP server that checks each request's
 * signature, hands verified requests to the Bolt app and writes Bolt's response back. A bad or stale signature gets
 * 401 before any handler runs.
 */
final class SlackHttpEndpoint implements AutoCloseable {

  static final String PATH = "/slack/events";
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(SlackHttpEndpoint.class);

  private final App app;
  private final SlackRequestParser parser;
  private final RequestSignature signature;
  private final HttpServer server;
  private final ExecutorService executor;

  SlackHttpEndpoint(App app, RequestSignature signature, String bindAddress, int port) throws IOException {
    this.app = app;
    this.parser = new SlackRequestParser(app.config());
    this.signature = signature;
    this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 50);
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread thread = new Thread(r, "slack-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(PATH, this::handle);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        write(exchange, 405, "text/plain", "POST only");
        return;
      }
      byte[] bytes = readLimited(exchange.getRequestBody());
      if (bytes == null) {
        write(exchange, 413, "text/plain", "request too large");
        return;
      }
      String body = new String(bytes, StandardCharsets.UTF_8);
      String timestamp = exchange.getRequestHeaders().getFirst("X-Slack-Request-Timestamp");
      String signed = exchange.getRequestHeaders().getFirst("X-Slack-Signature");
      if (!signature.isValid(timestamp, signed, body)) {
        log.warn(
            "refused a request to {} from {}: bad or stale Slack signature", PATH,
            exchange.getRemoteAddress().getAddress().getHostAddress());
        write(exchange, 401, "application/json", "{\"error\":\"invalid request\"}");
        return;
      }
      Request<?> request =
          parser.parse(
              SlackRequestParser.HttpRequest.builder()
                  .requestUri(exchange.getRequestURI().getPath())
                  .queryString(query(exchange.getRequestURI().getRawQuery()))
                  .requestBody(body)
                  .headers(new RequestHeaders(new HashMap<>(exchange.getRequestHeaders())))
                  .remoteAddress(exchange.getRemoteAddress().getAddress().getHostAddress())
                  .build());
      Response response = app.run(request);
      if (response.getHeaders() != null) {
        response.getHeaders().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
      }
      write(exchange, response.getStatusCode(), response.getContentType(), response.getBody());
    } catch (Exception e) {
      log.warn("Slack request to {} failed: {}", PATH, e.toString());
      write(exchange, 500, "text/plain", "internal error");
    }
  }

  private static byte[] readLimited(InputStream in) throws IOException {
    byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
    return bytes.length > MAX_BODY_BYTES ? null : bytes;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static void write(HttpExchange exchange, int status, String contentType, String body) {
    try {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (contentType != null) {
        exchange.getResponseHeaders().set("Content-Type", contentType);
      }
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException | IllegalStateException e) {
      // Headers already sent or the client went away: nothing more can be told to Slack.
      log.debug("could not write the Slack response: {}", e.toString());
    }
  }
}
