package dev.flightplan.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.activities.MetricsActivities.ObserveProgress;
import dev.flightplan.activities.MetricsActivities.ObserveRequest;
import dev.flightplan.plan.MetricDefinition;
import dev.flightplan.plan.PrometheusMetric;
import dev.flightplan.plan.Threshold;
import dev.flightplan.plan.Trigger;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workers of two releases run side by side during a deployment, and Temporal's JSON refuses fields it does not know:
 * the fields added for stable sides and parallel runs stay out of the JSON unless they are used, and records read
 * JSON written by a newer release.
 */
class WireFormatTest {
  private static final DataConverter JSON = DefaultDataConverter.STANDARD_INSTANCE;

  private static String json(Object value) {
    return JSON.toPayload(value).orElseThrow().getData().toString(StandardCharsets.UTF_8);
  }

  private static <T> T read(String json, Class<T> type) {
    Payload payload =
        Payload.newBuilder()
            .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
            .setData(com.google.protobuf.ByteString.copyFromUtf8(json))
            .build();
    return JSON.fromPayload(payload, type, type);
  }

  @Test
  void aVerdictWithoutFiguresIsWrittenAsBefore() {
    assertThat(json(Verdict.fail("error_rate above 0.05", 0.2, "0.05", 3))).doesNotContain("figures");
  }

  @Test
  void aWindowWithoutComparisonsAndAMetricWithOneSideAreWrittenAsBefore() {
    MetricDefinition oneSide = new MetricDefinition(new PrometheusMetric("errors"), null, null, null, null, null);
    ObserveRequest request =
        new ObserveRequest(
            "canary at 10%",
            Map.of("error_rate", oneSide),
            List.of(new Trigger("error_rate", Threshold.absolute(0.05), null, null)),
            Map.of(),
            60_000,
            1_000,
            null,
            "shop");

    String written = json(request);

    assertThat(written).doesNotContain("compare", "stable", "range");
    assertThat(json(new ObserveProgress(1, 1, Map.of(), Map.of(), Map.of(), Map.of())))
        .doesNotContain("canaryMeans", "stableMeans");
  }

  @Test
  void aVerdictReadsFieldsItDoesNotKnowYet() {
    Verdict verdict =
        read(
            "{\"outcome\":\"PASS\",\"samples\":3,\"reason\":\"ok\",\"figures\":[{\"trigger\":\"t\","
                + "\"outcome\":\"HELD\",\"samples\":3,\"spread\":0.1}],\"confidence\":0.99}",
            Verdict.class);

    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.figures()).singleElement().extracting(Figure::trigger).isEqualTo("t");
  }

  @Test
  void aVerdictWrittenBeforeFiguresExistedHasNone() {
    Verdict verdict = read("{\"outcome\":\"FAIL\",\"trigger\":\"t\",\"value\":0.2,\"samples\":3}", Verdict.class);

    assertThat(verdict.figures()).isEmpty();
  }
}
