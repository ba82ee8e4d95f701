package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanDurationTest {

  @ParameterizedTest
  @CsvSource({
    "500ms, 500",
    "30s, 30000",
    "10m, 600000",
    "24h, 86400000",
    "3d, 259200000",
    "1h30m, 5400000",
    "' 5m ', 300000",
    "0s, 0"
  })
  void parsesNumbersWithUnits(String text, long millis) {
    assertThat(PlanDuration.parse(text).millis()).isEqualTo(millis);
  }

  @ParameterizedTest
  @ValueSource(strings = {"10", "ten minutes", "5 m", "m5", "1.5h", "10mins", "-5m", "30s and more"})
  void rejectsTextThatIsNotADuration(String text) {
    assertThatThrownBy(() -> PlanDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "' is not a duration: write a number and a unit (ms, s, m, h, d), e.g. 30s, 10m, 24h, 3d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void rejectsEmptyText(String text) {
    assertThatThrownBy(() -> PlanDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("empty duration: write e.g. 30s, 10m, 24h or 3d");
  }

  @ParameterizedTest
  @CsvSource({"90s, 1m30s", "24h, 1d", "1500ms, 1s500ms", "0s, 0s"})
  void writesTheLargestUnitsFirst(String text, String written) {
    assertThat(PlanDuration.parse(text).text()).isEqualTo(written);
    assertThat(PlanDuration.parse(written)).isEqualTo(PlanDuration.parse(text));
  }
}
