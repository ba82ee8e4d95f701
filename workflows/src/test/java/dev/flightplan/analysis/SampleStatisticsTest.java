package dev.flightplan.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleStatisticsTest {

  @Test
  void summarizesMeanAndNearestRankPercentiles() {
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    Collections.shuffle(values);

    BaselineValue summary = SampleStatistics.summarize(values);

    assertThat(summary.mean()).isEqualTo(50.5);
    assertThat(summary.p95()).isEqualTo(95);
    assertThat(summary.p99()).isEqualTo(99);
    assertThat(summary.samples()).isEqualTo(100);
  }

  @Test
  void highPercentilesOfFewSamplesAreTheLargestSample() {
    BaselineValue summary = SampleStatistics.summarize(List.of(0.2, 0.1, 0.4, 0.3));

    assertThat(summary.p95()).isEqualTo(0.4);
    assertThat(summary.p99()).isEqualTo(0.4);
  }
}
