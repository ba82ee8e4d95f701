package dev.flightplan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.analysis.Reading;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PrometheusProviderTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private static String vector(String... values) {
    StringBuilder series = new StringBuilder();
    for (String value : values) {
      if (series.length() > 0) {
        series.append(',');
      }
      series
          .append("{\"metric\":{\"pod\":\"p")
          .append(series.length())
          .append("\"},\"value\":[1700000000.1,\"")
          .append(value)
          .append("\"]}");
    }
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + series
        + "]}}";
  }

  private Reading query(LocalHttpServer server) {
    return new PrometheusProvider(server.url(), http, Duration.ofSeconds(2))
        .query("error_rate", "errors");
  }

  @Test
  void readsTheValueOfTheOnlySeries() {
    try (LocalHttpServer server = LocalHttpServer.answering(200, vector("0.0125"))) {
      assertThat(query(server).value()).isEqualTo(0.0125);
      assertThat(server.requests().get(0).path()).isEqualTo("/api/v1/query");
      assertThat(server.requests().get(0).query()).isEqualTo("query=errors");
    }
  }

  @Test
  void readsAScalar() {
    String scalar =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000,\"3\"]}}";
    try (LocalHttpServer server = LocalHttpServer.answering(200, scalar)) {
      assertThat(query(server).value()).isEqualTo(3);
    }
  }

  @Test
  void refusesAQueryThatReturnsSeveralSeries() {
    try (LocalHttpServer server = LocalHttpServer.answering(200, vector("1", "2", "3"))) {
      assertThatThrownBy(() -> query(server))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              failure -> {
                assertThat(failure.isNonRetryable()).isTrue();
                assertThat(failure.getOriginalMessage())
                    .contains("returned 3 series: aggregate it with sum() or avg()");
              });
    }
  }

  @Test
  void treatsNanAndInfinityAsNoData() {
    try (LocalHttpServer nan = LocalHttpServer.answering(200, vector("NaN"));
        LocalHttpServer inf = LocalHttpServer.answering(200, vector("+Inf"))) {
      assertThat(query(nan).hasValue()).isFalse();
      assertThat(query(nan).reason()).contains("NaN");
      assertThat(query(inf).hasValue()).isFalse();
      assertThat(query(inf).reason()).contains("+Inf");
    }
  }

  @Test
  void treatsAServerErrorAsNoDataQuotingIt() {
    String error =
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression"
            + " evaluation\"}";
    try (LocalHttpServer server = LocalHttpServer.answering(503, error)) {
      Reading reading = query(server);

      assertThat(reading.hasValue()).isFalse();
      assertThat(reading.reason())
          .contains("answered 503", "query timed out in expression evaluation");
    }
  }

  @Test
  void treatsAnAnswerThatIsNotTheQueryApiAsNoData() {
    try (LocalHttpServer server = LocalHttpServer.answering(200, "<html>login</html>")) {
      assertThat(query(server).reason()).contains("not a query result", "<html>login</html>");
    }
  }

  @Test
  void givesUpWaitingAfterTheTimeout() {
    try (LocalHttpServer slow =
        new LocalHttpServer(
            request -> {
              try {
                Thread.sleep(1_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new LocalHttpServer.Response(200, vector("1"));
            })) {
      Reading reading =
          new PrometheusProvider(slow.url(), http, Duration.ofMillis(100))
              .query("error_rate", "errors");

      assertThat(reading.hasValue()).isFalse();
      assertThat(reading.reason()).contains("did not answer within 100 ms");
    }
  }
}
