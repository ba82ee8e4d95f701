package dev.flightplan.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakePrometheusTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private FakePrometheus prometheus;

  @BeforeEach
  void start() throws Exception {
    prometheus = new FakePrometheus().start();
  }

  @AfterEach
  void stop() {
    prometheus.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(prometheus.url() + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  @Test
  void answersAnInstantQueryInPrometheusShape() throws Exception {
    prometheus.respondWith(
        query ->
            query.equals("sum(rate(errors[1m]))")
                ? OptionalDouble.of(0.01)
                : OptionalDouble.empty());

    HttpResponse<String> response = get("/api/v1/query?query=" + encode("sum(rate(errors[1m]))"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("success");
    assertThat(body.at("/data/resultType").asText()).isEqualTo("vector");
    JsonNode series = body.at("/data/result/0");
    assertThat(series.get("metric").isObject()).isTrue();
    assertThat(series.at("/value/0").isNumber()).isTrue();
    assertThat(series.at("/value/0").asDouble()).isGreaterThan(1.6e9);
    assertThat(series.at("/value/1").isTextual()).isTrue();
    assertThat(series.at("/value/1").asText()).isEqualTo("0.01");
  }

  @Test
  void answersAnEmptyVectorWhenThereIsNoValue() throws Exception {
    JsonNode body = json.readTree(get("/api/v1/query?query=absent_metric").body());

    assertThat(body.get("status").asText()).isEqualTo("success");
    assertThat(body.at("/data/result").isArray()).isTrue();
    assertThat(body.at("/data/result").size()).isZero();
  }

  @Test
  void takesTheQueryFromAPostedForm() throws Exception {
    prometheus.respondWith(
        query -> query.equals("up == 1") ? OptionalDouble.of(1) : OptionalDouble.empty());

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + encode("up == 1")))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(json.readTree(response.body()).at("/data/result/0/value/1").asText()).isEqualTo("1");
  }

  @Test
  void spellsSpecialValuesAsPrometheusDoes() throws Exception {
    prometheus.respondWith(
        query -> OptionalDouble.of(query.equals("nan") ? Double.NaN : Double.POSITIVE_INFINITY));

    assertThat(
            json.readTree(get("/api/v1/query?query=nan").body())
                .at("/data/result/0/value/1")
                .asText())
        .isEqualTo("NaN");
    assertThat(
            json.readTree(get("/api/v1/query?query=inf").body())
                .at("/data/result/0/value/1")
                .asText())
        .isEqualTo("+Inf");
    assertThat(FakePrometheus.format(1e-7)).isEqualTo("0.0000001");
    assertThat(FakePrometheus.format(250.0)).isEqualTo("250");
  }

  @Test
  void rejectsABadQueryWithPrometheusErrorShape() throws Exception {
    HttpResponse<String> response = get("/api/v1/query?query=" + encode("bad_syntax(up)"));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = json.readTree(response.body());
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("errorType").asText()).isEqualTo("bad_data");
    assertThat(body.get("error").asText()).contains("parse error");
  }

  @Test
  void answersARangeQueryWithAMatrix() throws Exception {
    prometheus.respondWith(0.5);

    HttpResponse<String> response =
        get("/api/v1/query_range?query=up&start=1000&end=1060&step=15s");

    JsonNode body = json.readTree(response.body());
    assertThat(body.at("/data/resultType").asText()).isEqualTo("matrix");
    JsonNode values = body.at("/data/result/0/values");
    assertThat(values.size()).isEqualTo(5);
    assertThat(values.get(0).get(0).asDouble()).isEqualTo(1000);
    assertThat(values.get(4).get(0).asDouble()).isEqualTo(1060);
    assertThat(values.get(4).get(1).asText()).isEqualTo("0.5");
  }

  @Test
  void countsTheQueriesItAnswers() throws Exception {
    get("/api/v1/query?query=a");
    get("/api/v1/query?query=b");

    assertThat(prometheus.queryCount()).isEqualTo(2);
  }
}
