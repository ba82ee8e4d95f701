package dev.flightplan.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A stand-in for Prometheus's HTTP query API, for the embedded demo and tests: {@code
 * /api/v1/query} and {@code /api/v1/query_range} (GET or POST form) answer in Prometheus's JSON
 * shape with one unlabelled series whose value comes from a function of the query text, which can
 * be changed while it runs (a canary starting to fail). An empty value answers an empty vector, as
 * Prometheus does for a series that does not exist yet; a query containing {@code bad_syntax(} is
 * rejected with HTTP 400 as a PromQL parse error.
 */
public final class FakePrometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Prometheus refuses range queries of more points than this. */
  private static final int MAX_POINTS = 11_000;

  private final int requestedPort;
  private final AtomicInteger queries = new AtomicInteger();
  private volatile Function<String, OptionalDouble> values = query -> OptionalDouble.empty();
  private HttpServer server;
  private ExecutorService executor;

  /** Port 0 picks any free port. */
  public FakePrometheus(int port) {
    this.requestedPort = port;
  }

  public FakePrometheus() {
    this(0);
  }

  /** Sets how queries are answered from now on. */
  public FakePrometheus respondWith(Function<String, OptionalDouble> values) {
    this.values = Objects.requireNonNull(values);
    return this;
  }

  /** Answers every query with the same value. */
  public FakePrometheus respondWith(double value) {
    return respondWith(query -> OptionalDouble.of(value));
  }

  public synchronized FakePrometheus start() throws IOException {
    if (server != null) {
      return this;
    }
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
    executor =
        Executors.newFixedThreadPool(
            4,
            runnable -> {
              Thread thread = new Thread(runnable, "fake-prometheus");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/api/v1/query", exchange -> handle(exchange, false));
    server.createContext("/api/v1/query_range", exchange -> handle(exchange, true));
    server.start();
    return this;
  }

  /** The base URL to give a Prometheus client, such as {@code http://127.0.0.1:40123}. */
  public String url() {
    if (server == null) {
      throw new IllegalStateException("FakePrometheus is not started");
    }
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many queries were answered (successfully or not) since start. */
  public int queryCount() {
    return queries.get();
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      server = null;
    }
  }

  private void handle(HttpExchange exchange, boolean range) throws IOException {
    try (exchange) {
      // Exact paths only: /api/v1/query_range must not be served by the /api/v1/query context as an
      // instant query.
      String path = exchange.getRequestURI().getPath();
      if (!path.equals(range ? "/api/v1/query_range" : "/api/v1/query")) {
        respond(
            exchange,
            404,
            Map.of("status", "error", "errorType", "not_found", "error", "404 page not found"));
        return;
      }
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("POST")) {
        respond(exchange, 405, error("bad_data", "method " + method + " not allowed"));
        return;
      }
      Map<String, String> params = parameters(exchange);
      queries.incrementAndGet();
      String query = params.get("query");
      if (query == null || query.isBlank()) {
        respond(
            exchange,
            400,
            error(
                "bad_data",
                "invalid parameter \"query\": unknown position: parse error: no expression found in"
                    + " input"));
        return;
      }
      if (query.contains("bad_syntax(")) {
        respond(
            exchange,
            400,
            error(
                "bad_data",
                "invalid parameter \"query\": 1:"
                    + (query.indexOf("bad_syntax(") + 1)
                    + ": parse error: unknown function with name \"bad_syntax\""));
        return;
      }
      OptionalDouble value = values.apply(query);
      BigDecimal now = BigDecimal.valueOf(System.currentTimeMillis(), 3);
      if (range) {
        answerRange(exchange, params, value);
      } else {
        List<Object> result = new ArrayList<>();
        if (value.isPresent()) {
          result.add(
              Map.of("metric", Map.of(), "value", List.of(now, format(value.getAsDouble()))));
        }
        respond(exchange, 200, success("vector", result));
      }
    }
  }

  private void answerRange(HttpExchange exchange, Map<String, String> params, OptionalDouble value)
      throws IOException {
    double start;
    double end;
    double step;
    try {
      start = Double.parseDouble(params.getOrDefault("start", ""));
      end = Double.parseDouble(params.getOrDefault("end", ""));
      step = seconds(params.getOrDefault("step", ""));
    } catch (NumberFormatException invalid) {
      respond(
          exchange,
          400,
          error("bad_data", "invalid parameter: start, end (unix seconds) and step are required"));
      return;
    }
    if (end < start || step <= 0) {
      respond(
          exchange,
          400,
          error(
              "bad_data",
              "end timestamp must not be before start time, and step must be positive"));
      return;
    }
    if ((end - start) / step > MAX_POINTS) {
      respond(
          exchange,
          400,
          error(
              "bad_data",
              "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the"
                  + " query resolution (?step=XX)"));
      return;
    }
    List<Object> result = new ArrayList<>();
    if (value.isPresent()) {
      List<Object> points = new ArrayList<>();
      long count = (long) Math.floor((end - start) / step);
      for (long i = 0; i <= count; i++) {
        BigDecimal time = BigDecimal.valueOf(Math.round((start + i * step) * 1000), 3);
        points.add(List.of(time, format(value.getAsDouble())));
      }
      result.add(Map.of("metric", Map.of(), "values", points));
    }
    respond(exchange, 200, success("matrix", result));
  }

  /**
   * A step as Prometheus takes it: float seconds, or a duration such as {@code 15s} or {@code 1m}.
   */
  private static double seconds(String step) {
    if (step.matches("\\d+(ms|s|m|h)")) {
      long amount = Long.parseLong(step.replaceAll("\\D", ""));
      return switch (step.replaceAll("\\d", "")) {
        case "ms" -> amount / 1000.0;
        case "s" -> amount;
        case "m" -> amount * 60.0;
        default -> amount * 3600.0;
      };
    }
    return Double.parseDouble(step);
  }

  /**
   * Prometheus prints sample values as Go's shortest decimal form, with {@code NaN} and {@code
   * +Inf} spelled so.
   */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  private static Map<String, String> parameters(HttpExchange exchange) throws IOException {
    Map<String, String> params = new LinkedHashMap<>();
    parse(exchange.getRequestURI().getRawQuery(), params);
    if (exchange.getRequestMethod().equals("POST")) {
      parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
    }
    return params;
  }

  private static void parse(String encoded, Map<String, String> into) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      into.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }

  private static Map<String, Object> success(String resultType, List<Object> result) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("resultType", resultType);
    data.put("result", result);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "success");
    body.put("data", data);
    return body;
  }

  private static Map<String, Object> error(String type, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "error");
    body.put("errorType", type);
    body.put("error", message);
    return body;
  }

  private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
