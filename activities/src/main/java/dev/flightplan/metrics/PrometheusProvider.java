package dev.flightplan.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.MetricDefinition;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Instant queries against Prometheus's HTTP API ({@code GET /api/v1/query}). A query must yield one
 * number: one series or a scalar. Prometheus down, 5xx, an empty result or NaN are no data; a query
 * Prometheus rejects (4xx) or one that yields several series fails the step, quoting Prometheus's
 * own message.
 */
public final class PrometheusProvider implements MetricProvider {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final HttpClient http;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * {@code baseUrl} may be null: every Prometheus metric then has no data, saying how to configure
   * it.
   */
  public PrometheusProvider(String baseUrl, HttpClient http, Duration timeout) {
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    this.http = http;
    this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  @Override
  public Reading sample(String metricName, MetricDefinition definition, String namespace) {
    return query(metricName, definition.prometheus().query());
  }

  public Reading query(String metricName, String promql) {
    if (baseUrl == null) {
      return Reading.noData("no Prometheus URL configured: set --prometheus-url");
    }
    URI uri =
        URI.create(
            baseUrl + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException slow) {
      return Reading.noData(
          "Prometheus at " + baseUrl + " did not answer within " + timeout.toMillis() + " ms");
    } catch (IOException unreachable) {
      return Reading.noData(
          "Prometheus at " + baseUrl + " unreachable: " + Failures.describe(unreachable));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(interrupted);
    }

    JsonNode body = parse(response.body());
    int status = response.statusCode();
    if (status >= 500) {
      return Reading.noData(
          "Prometheus at "
              + baseUrl
              + " answered "
              + status
              + ": "
              + errorText(body, response.body()));
    }
    if (status >= 400) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Prometheus at "
              + baseUrl
              + " rejected the query for "
              + metricName
              + " (HTTP "
              + status
              + "): "
              + errorText(body, response.body())
              + " [query: "
              + promql
              + "]",
          "PrometheusQueryRejected");
    }
    if (body == null || !"success".equals(body.path("status").asText())) {
      return Reading.noData(
          "Prometheus at "
              + baseUrl
              + " answered something that is not a query result: "
              + Failures.truncate(response.body(), 200));
    }
    return value(metricName, body.path("data"));
  }

  private Reading value(String metricName, JsonNode data) {
    String type = data.path("resultType").asText();
    JsonNode result = data.path("result");
    switch (type) {
      case "scalar":
        return parseSample(metricName, result);
      case "vector":
        if (result.size() == 0) {
          return Reading.noData(
              "query for " + metricName + " returned no series (no matching data yet?)");
        }
        if (result.size() > 1) {
          throw ApplicationFailure.newNonRetryableFailure(
              "query for "
                  + metricName
                  + " returned "
                  + result.size()
                  + " series: aggregate it with sum() or avg() so that it yields one number",
              "AmbiguousQuery");
        }
        return parseSample(metricName, result.get(0).path("value"));
      default:
        throw ApplicationFailure.newNonRetryableFailure(
            "query for "
                + metricName
                + " returned a "
                + type
                + ", not one number: "
                + ("matrix".equals(type)
                    ? "wrap the range selector in a function such as rate() or avg_over_time()"
                    : "write a query that yields a number"),
            "AmbiguousQuery");
    }
  }

  /**
   * Prometheus sends a sample as {@code [<unix seconds>, "<value>"]}, spelling NaN and infinities
   * Go's way.
   */
  private static Reading parseSample(String metricName, JsonNode sample) {
    String text = sample.path(1).asText("");
    double value =
        switch (text) {
          case "NaN" -> Double.NaN;
          case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          default -> {
            try {
              yield Double.parseDouble(text);
            } catch (NumberFormatException notANumber) {
              yield Double.NaN;
            }
          }
        };
    if (Double.isNaN(value)) {
      return Reading.noData(
          "query for " + metricName + " returned NaN (a ratio over zero requests?)");
    }
    if (Double.isInfinite(value)) {
      return Reading.noData("query for " + metricName + " returned " + text);
    }
    return Reading.of(value);
  }

  private JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? null : json.readTree(body);
    } catch (JsonProcessingException notJson) {
      return null;
    }
  }

  private static String errorText(JsonNode body, String raw) {
    if (body != null && body.hasNonNull("error")) {
      return body.get("error").asText();
    }
    return Failures.truncate(raw, 200);
  }
}
