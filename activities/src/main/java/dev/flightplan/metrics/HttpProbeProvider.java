package dev.flightplan.metrics;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.HttpProbeMetric;
import dev.flightplan.plan.MetricDefinition;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * An HTTP GET probe. By default its value is 1 when the response has the expected status and 0
 * otherwise (a refused connection or a timeout is a failed probe, not missing data); with {@code
 * measure: latency} its value is the response time in seconds, and a probe that gets no response
 * has no data.
 */
public final class HttpProbeProvider implements MetricProvider {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;

  public HttpProbeProvider(HttpClient http) {
    this.http = http;
  }

  @Override
  public Reading sample(String metricName, MetricDefinition definition, String namespace) {
    HttpProbeMetric probe = definition.http();
    boolean latency = measuresLatency(metricName, probe);
    URI uri = uri(metricName, probe.url());
    Duration timeout = probe.timeout() == null ? DEFAULT_TIMEOUT : probe.timeout().toDuration();
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    long started = System.nanoTime();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      double seconds = (System.nanoTime() - started) / 1e9;
      if (latency) {
        return Reading.of(seconds, "HTTP " + response.statusCode());
      }
      int expected = probe.expectStatus() == null ? 200 : probe.expectStatus();
      return response.statusCode() == expected
          ? Reading.of(1)
          : Reading.of(
              0, "GET " + uri + " answered " + response.statusCode() + ", expected " + expected);
    } catch (HttpTimeoutException slow) {
      return failed(latency, "GET " + uri + " did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException unreachable) {
      return failed(latency, "GET " + uri + " failed: " + Failures.describe(unreachable));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(interrupted);
    }
  }

  private static Reading failed(boolean latency, String why) {
    return latency ? Reading.noData(why) : Reading.of(0, why);
  }

  private static boolean measuresLatency(String metricName, HttpProbeMetric probe) {
    String measure = probe.measure() == null ? "status" : probe.measure().toLowerCase(Locale.ROOT);
    return switch (measure) {
      case "status" -> false;
      case "latency" -> true;
      default ->
          throw ApplicationFailure.newNonRetryableFailure(
              "metric "
                  + metricName
                  + ": measure '"
                  + probe.measure()
                  + "' is unknown: write status or latency",
              "InvalidMetric");
    };
  }

  private static URI uri(String metricName, String url) {
    try {
      URI uri = URI.create(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("missing scheme or host");
      }
      return uri;
    } catch (IllegalArgumentException invalid) {
      throw ApplicationFailure.newNonRetryableFailure(
          "metric " + metricName + ": '" + url + "' is not an http(s) URL: " + invalid.getMessage(),
          "InvalidMetric");
    }
  }
}
