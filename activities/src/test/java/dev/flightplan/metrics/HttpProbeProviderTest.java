package dev.flightplan.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.analysis.Reading;
import dev.flightplan.plan.HttpProbeMetric;
import dev.flightplan.plan.MetricDefinition;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

class HttpProbeProviderTest {
  private final HttpProbeProvider provider = new HttpProbeProvider(HttpClient.newHttpClient());

  private Reading probe(String url, Integer expectStatus, String measure) {
    return provider.sample(
        "health",
        new MetricDefinition(
            null, new HttpProbeMetric(url, expectStatus, null, measure), null, null, null, null),
        "shop");
  }

  @Test
  void readsOneWhenTheStatusIsTheExpectedOne() {
    try (LocalHttpServer service = LocalHttpServer.answering(204, "")) {
      assertThat(probe(service.url() + "/health", 204, null).value()).isEqualTo(1);
      assertThat(service.requests().get(0).method()).isEqualTo("GET");
    }
  }

  @Test
  void readsZeroOnAnotherStatus() {
    try (LocalHttpServer service = LocalHttpServer.answering(503, "down")) {
      Reading reading = probe(service.url() + "/health", null, null);

      assertThat(reading.value()).isEqualTo(0);
      assertThat(reading.detail()).contains("answered 503, expected 200");
    }
  }

  @Test
  void readsZeroWhenNothingAnswers() {
    Reading reading = probe(LocalHttpServer.refusingUrl() + "/health", null, null);

    assertThat(reading.value()).isEqualTo(0);
    assertThat(reading.detail()).contains("connection refused");
  }

  @Test
  void measuresLatencyInSeconds() {
    try (LocalHttpServer service = LocalHttpServer.answering(200, "ok")) {
      Reading reading = probe(service.url(), null, "latency");

      assertThat(reading.value()).isPositive().isLessThan(5);
    }
  }

  @Test
  void hasNoLatencyWhenNothingAnswers() {
    Reading reading = probe(LocalHttpServer.refusingUrl(), null, "latency");

    assertThat(reading.hasValue()).isFalse();
    assertThat(reading.reason()).contains("connection refused");
  }

  @Test
  void refusesAnUnknownMeasure() {
    assertThatThrownBy(() -> probe("http://127.0.0.1:1", null, "throughput"))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure ->
                assertThat(failure.getOriginalMessage()).contains("write status or latency"));
  }
}
