package dev.flightplan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.simulation.FakePrometheus;
import io.temporal.failure.ApplicationFailure;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A metric with {@code range: 5m}: a {@code query_range} over the last five minutes, averaged. */
class PrometheusRangeQueryTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();

  private static MetricDefinition ranged(String query, String range) {
    return new MetricDefinition(
        new PrometheusMetric(query, PlanDuration.parse(range)), null, null, null, null, null);
  }

  private PrometheusProvider provider(String url) {
    return new PrometheusProvider(url, http, Duration.ofSeconds(2), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static String matrix(String... series) {
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
        + String.join(",", series)
        + "]}}";
  }

  private static String series(String... values) {
    StringBuilder points = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      points.append(i == 0 ? "" : ",").append("[").append(1772366100 + i * 5).append(",\"").append(values[i]).append("\"]");
    }
    return "{\"metric\":{},\"values\":[" + points + "]}";
  }

  private static Map<String, String> parameters(String rawQuery) {
    return Arrays.stream(rawQuery.split("&"))
        .map(pair -> pair.split("=", 2))
        .collect(
            Collectors.toMap(
                pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
  }

  @Test
  void asksForTheLastRangeEndingNowWithAboutSixtyPoints() {
    try (LocalHttpServer server = LocalHttpServer.answering(200, matrix(series("1")))) {
      provider(server.url()).sample("latency_p95", ranged("p95{app=\"shop\"}", "5m"), "shop");

      LocalHttpServer.Request request = server.requests().get(0);
      assertThat(request.path()).isEqualTo("/api/v1/query_range");
      assertThat(parameters(request.query()))
          .containsEntry("query", "p95{app=\"shop\"}")
          .containsEntry("start", "1772366100.000")
          .containsEntry("end", "1772366400.000")
          .containsEntry("step", "5");
    }
  }

  @Test
  void averagesThePointsLeavingOutNaN() {
    try (LocalHttpServer server =
        LocalHttpServer.answering(200, matrix(series("1", "2", "NaN", "3")))) {
      Reading reading = provider(server.url()).sample("latency_p95", ranged("p95", "5m"), "shop");

      assertThat(reading.value()).isEqualTo(2.0);
      assertThat(reading.detail()).isEqualTo("mean of 3 points over 5m");
    }
  }

  @Test
  void averagesWhatFakePrometheusAnswersOverTheRange() throws Exception {
    try (FakePrometheus prometheus = new FakePrometheus().start()) {
      prometheus.respondWith(query -> query.equals("throughput") ? OptionalDouble.of(42) : OptionalDouble.empty());

      Reading reading =
          new PrometheusProvider(prometheus.url(), http, Duration.ofSeconds(2))
              .sample("throughput", ranged("throughput", "2m"), "shop");

      assertThat(reading.value()).isEqualTo(42.0);
      assertThat(reading.detail()).startsWith("mean of ").endsWith(" points over 2m");
      assertThat(prometheus.queryCount()).isEqualTo(1);
    }
  }

  @Test
  void aRangeWithoutSeriesIsNoData() throws Exception {
    try (FakePrometheus prometheus = new FakePrometheus().start()) {
      Reading reading =
          new PrometheusProvider(prometheus.url(), http, Duration.ofSeconds(2))
              .sample("throughput", ranged("absent", "1m"), "shop");

      assertThat(reading.hasValue()).isFalse();
      assertThat(reading.reason())
          .isEqualTo("range query for throughput returned no series over the last 1m (no matching data yet?)");
    }
  }

  @Test
  void aRangeOfOnlyNaNIsNoData() {
    try (LocalHttpServer server = LocalHttpServer.answering(200, matrix(series("NaN", "NaN")))) {
      Reading reading = provider(server.url()).sample("error_rate", ranged("errors", "1m"), "shop");

      assertThat(reading.hasValue()).isFalse();
      assertThat(reading.reason()).contains("only NaN or infinite points");
    }
  }

  @Test
  void refusesARangeOfSeveralSeries() {
    try (LocalHttpServer server =
        LocalHttpServer.answering(200, matrix(series("1"), series("2")))) {
      assertThatThrownBy(
              () -> provider(server.url()).sample("error_rate", ranged("errors", "1m"), "shop"))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.isNonRetryable()).isTrue();
                assertThat(failure.getType()).isEqualTo("AmbiguousQuery");
                assertThat(failure.getOriginalMessage())
                    .contains("range query for error_rate returned 2 series");
              });
    }
  }

  @Test
  void failsWithoutRetryQuotingPrometheusWhenItRejectsTheRangeQuery() throws Exception {
    try (FakePrometheus prometheus = new FakePrometheus().start()) {
      PrometheusProvider provider =
          new PrometheusProvider(prometheus.url(), http, Duration.ofSeconds(2));

      assertThatThrownBy(
              () -> provider.sample("error_rate", ranged("bad_syntax(errors)", "5m"), "shop"))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.isNonRetryable()).isTrue();
                assertThat(failure.getType()).isEqualTo("PrometheusQueryRejected");
                assertThat(failure.getOriginalMessage())
                    .contains("unknown function with name \"bad_syntax\"", "[query: bad_syntax(errors)]");
              });
    }
  }

  @Test
  void aLongRangeStaysWithinPrometheussPointLimit() throws Exception {
    try (FakePrometheus prometheus = new FakePrometheus().start()) {
      prometheus.respondWith(1);

      Reading reading =
          new PrometheusProvider(prometheus.url(), http, Duration.ofSeconds(2))
              .sample("throughput", ranged("throughput", "7d"), "shop");

      assertThat(reading.value()).isEqualTo(1.0);
    }
  }
}
