package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerEndpointsTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final WorkerMetrics metrics = new WorkerMetrics();
  private final AtomicBoolean ready = new AtomicBoolean(false);
  private final WorkerEndpoints endpoints =
      WorkerEndpoints.start("127.0.0.1", 0, metrics::scrape, ready::get);

  @AfterEach
  void stop() {
    endpoints.close();
    metrics.close();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + endpoints.address().getPort() + path);
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bindsToTheLoopbackAddressByDefault() {
    assertThat(endpoints.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void healthzAnswersWhileTheProcessRuns() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void readyzFollowsTheWorker() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(503);

    ready.set(true);

    assertThat(get("/readyz").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsServesTheRegistryInPrometheusTextFormat() throws Exception {
    metrics.registry().counter("flightplan_test_events").increment(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    assertThat(response.body()).contains("flightplan_test_events_total 3.0");
  }

  @Test
  void pathsBelowAnEndpointAreNotFound() throws Exception {
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
  }

  @Test
  void aPortInUseStopsStartUpWithOneLine() {
    int taken = endpoints.address().getPort();

    assertThatThrownBy(() -> WorkerEndpoints.start("127.0.0.1", taken, () -> "", () -> true))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cannot listen on 127.0.0.1:" + taken + " for /metrics")
        .hasMessageEndingWith("set --metrics-port or FLIGHTPLAN_METRICS_PORT");
  }
}
