package dev.flightplan.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.PrometheusMetric;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Queries against Prometheus's HTTP API: instant ({@code GET /api/v1/query}), or range ({@code GET
 * /api/v1/query_range}) for a metric with a {@code range}, whose value is the mean of the points. A
 * query must yield one number: one series or a scalar. Prometheus down, 5xx, an empty result or NaN are no data; a query
 * Prometheus rejects (4xx) or one that yields several series fails the step, quoting Prometheus's
 * own message.
 */
public final class PrometheusProvider implements MetricProvider {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final String baseUrl;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * {@code baseUrl} may be null: every Prometheus metric then has no data, saying how to configure
   * it.
   */
  public PrometheusProvider(String baseUrl, HttpClient http, Duration timeout) {
    this(baseUrl, http, timeout, Clock.systemUTC());
  }

  /** {@code clock} is the wall clock range queries end at: Prometheus's time, not a monotonic one. */
  public PrometheusProvider(String baseUrl, HttpClient http, Duration timeout, Clock clock) {
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
    this.http = http;
    this.timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    this.clock = clock;
  }

  @Override
  public Reading sample(String metricName, MetricDefinition definition, String namespace) {
    PrometheusMetric metric = definition.prometheus();
    if (metric.range() != null) {
      return queryRange(metricName, metric.query(), metric.range().toDuration());
    }
    return query(metricName, metric.query());
  }

  public Reading query(String metricName, String promql) {
    Answer answer = fetch(metricName, promql, "/api/v1/query?query=" + encode(promql));
    return answer.data() == null ? answer.noData() : value(metricName, answer.data());
  }

  /**
   * The mean of a range query's points over the last {@code range}: a window aggregate without
   * writing {@code avg_over_time} around a subquery. Points are spaced about a sixtieth of the range
   * apart (at least a second); NaN points are left out.
   */
  public Reading queryRange(String metricName, String promql, Duration range) {
    long endMillis = clock.millis();
    long stepSeconds = Math.max(1, (range.toSeconds() + 59) / 60);
    String path =
        "/api/v1/query_range?query="
            + encode(promql)
            + "&start="
            + seconds(endMillis - range.toMillis())
            + "&end="
            + seconds(endMillis)
            + "&step="
            + stepSeconds;
    Answer answer = fetch(metricName, promql, path);
    return answer.data() == null ? answer.noData() : mean(metricName, answer.data(), range);
  }

  /** What Prometheus answered: the {@code data} of a successful query, or why there is no data. */
  private record Answer(JsonNode data, Reading noData) {}

  private Answer fetch(String metricName, String promql, String pathAndQuery) {
    if (baseUrl == null) {
      return new Answer(null, Reading.noData("no Prometheus URL configured: set --prometheus-url"));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException slow) {
      return new Answer(
          null,
          Reading.noData(
              "Prometheus at " + baseUrl + " did not answer within " + timeout.toMillis() + " ms"));
    } catch (IOException unreachable) {
      return new Answer(
          null,
          Reading.noData(
              "Prometheus at " + baseUrl + " unreachable: " + Failures.describe(unreachable)));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(interrupted);
    }

    JsonNode body = parse(response.body());
    int status = response.statusCode();
    if (status >= 500) {
      return new Answer(
          null,
          Reading.noData(
              "Prometheus at "
                  + baseUrl
                  + " answered "
                  + status
                  + ": "
                  + errorText(body, response.body())));
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
      return new Answer(
          null,
          Reading.noData(
              "Prometheus at "
                  + baseUrl
                  + " answered something that is not a query result: "
                  + Failures.truncate(response.body(), 200)));
    }
    return new Answer(body.path("data"), null);
  }

  private Reading mean(String metricName, JsonNode data, Duration range) {
    JsonNode result = data.path("result");
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw ApplicationFailure.newNonRetryableFailure(
          "range query for "
              + metricName
              + " returned a "
              + data.path("resultType").asText()
              + ", not a series of points",
          "AmbiguousQuery");
    }
    if (result.size() == 0) {
      return Reading.noData(
          "range query for "
              + metricName
              + " returned no series over the last "
              + PlanDuration.ofMillis(range.toMillis())
              + " (no matching data yet?)");
    }
    if (result.size() > 1) {
      throw ApplicationFailure.newNonRetryableFailure(
          "range query for "
              + metricName
              + " returned "
              + result.size()
              + " series: aggregate it with sum() or avg() so that it yields one number",
          "AmbiguousQuery");
    }
    double sum = 0;
    int points = 0;
    for (JsonNode point : result.get(0).path("values")) {
      Reading reading = parseSample(metricName, point);
      if (reading.hasValue()) {
        sum += reading.value();
        points++;
      }
    }
    if (points == 0) {
      return Reading.noData(
          "range query for "
              + metricName
              + " returned only NaN or infinite points over the last "
              + PlanDuration.ofMillis(range.toMillis()));
    }
    return Reading.of(
        sum / points,
        "mean of " + points + " points over " + PlanDuration.ofMillis(range.toMillis()));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  /** Unix seconds with millisecond precision, as Prometheus takes them. */
  private static String seconds(long millis) {
    return BigDecimal.valueOf(millis, 3).toPlainString();
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
