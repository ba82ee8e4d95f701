package dev.flightplan.metrics.real;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A small service for Prometheus to scrape: a stable and a canary version serving requests whose rate, error ratio
 * and latency the test sets while it runs. {@code /metrics} exposes, in Prometheus's text format, {@code
 * http_requests_total{version, code}} (codes 200 and 500, both present from the start so ratios are never empty)
 * and the histogram {@code http_request_duration_seconds{version}}.
 */
public final class ServiceUnderTest implements AutoCloseable {
  public static final String STABLE = "stable";
  public static final String CANARY = "canary";
  private static final double[] BUCKETS = {0.025, 0.05, 0.1, 0.25, 0.5, 1};
  private static final long TICK_MILLIS = 100;

  /** What one version is doing now, and what it has served so far. */
  private static final class Version {
    volatile double requestsPerSecond = 50;
    volatile double errorRatio;
    volatile double latencySeconds = 0.08;
    double carriedRequests;
    double carriedErrors;
    long ok;
    long errors;
    final long[] buckets = new long[BUCKETS.length];
    double latencySum;
    long count;
  }

  private final Map<String, Version> versions = new ConcurrentHashMap<>();
  private final HttpServer server;
  private final ScheduledExecutorService traffic;

  public ServiceUnderTest() throws IOException {
    versions.put(STABLE, new Version());
    versions.put(CANARY, new Version());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      try (exchange) {
        byte[] body = exposition().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    traffic =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "service-under-test");
              thread.setDaemon(true);
              return thread;
            });
  }

  public ServiceUnderTest start() {
    server.start();
    traffic.scheduleAtFixedRate(this::serve, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  /** The scrape target, {@code 127.0.0.1:port}. */
  public String target() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public ServiceUnderTest errorRatio(String version, double ratio) {
    versions.get(version).errorRatio = ratio;
    return this;
  }

  public ServiceUnderTest latency(String version, double seconds) {
    versions.get(version).latencySeconds = seconds;
    return this;
  }

  public ServiceUnderTest requestsPerSecond(String version, double rate) {
    versions.get(version).requestsPerSecond = rate;
    return this;
  }

  /** One tick of traffic: fractions of a request carry over, so low rates and ratios come out exact over time. */
  private synchronized void serve() {
    for (Version version : versions.values()) {
      version.carriedRequests += version.requestsPerSecond * TICK_MILLIS / 1000.0;
      long requests = (long) version.carriedRequests;
      version.carriedRequests -= requests;
      version.carriedErrors += requests * version.errorRatio;
      long errors = Math.min(requests, (long) version.carriedErrors);
      version.carriedErrors -= errors;
      version.errors += errors;
      version.ok += requests - errors;
      for (int i = 0; i < BUCKETS.length; i++) {
        if (version.latencySeconds <= BUCKETS[i]) {
          version.buckets[i] += requests;
        }
      }
      version.latencySum += requests * version.latencySeconds;
      version.count += requests;
    }
  }

  private synchronized String exposition() {
    StringBuilder text = new StringBuilder();
    text.append("# HELP http_requests_total Requests served, by version and status code.\n");
    text.append("# TYPE http_requests_total counter\n");
    versions.forEach((name, version) -> {
      text.append(line("http_requests_total", "version=\"" + name + "\",code=\"200\"", version.ok));
      text.append(line("http_requests_total", "version=\"" + name + "\",code=\"500\"", version.errors));
    });
    text.append("# HELP http_request_duration_seconds Request latency, by version.\n");
    text.append("# TYPE http_request_duration_seconds histogram\n");
    versions.forEach((name, version) -> {
      for (int i = 0; i < BUCKETS.length; i++) {
        text.append(
            line(
                "http_request_duration_seconds_bucket",
                "version=\"" + name + "\",le=\"" + BUCKETS[i] + "\"",
                version.buckets[i]));
      }
      text.append(
          line("http_request_duration_seconds_bucket", "version=\"" + name + "\",le=\"+Inf\"", version.count));
      text.append(
          String.format(
              Locale.ROOT,
              "http_request_duration_seconds_sum{version=\"%s\"} %.6f\n",
              name,
              version.latencySum));
      text.append(line("http_request_duration_seconds_count", "version=\"" + name + "\"", version.count));
    });
    return text.toString();
  }

  private static String line(String name, String labels, long value) {
    return name + "{" + labels + "} " + value + "\n";
  }

  @Override
  public void close() {
    traffic.shutdownNow();
    server.stop(0);
  }
}
