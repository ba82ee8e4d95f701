package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.plan.Threshold.Form;
import dev.flightplan.plan.Threshold.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ThresholdTest {

  @Test
  void readsANumberAsAnAbsoluteLimit() {
    assertThat(Threshold.parse(0.05)).isEqualTo(new Threshold(0.05, Form.ABSOLUTE, Reference.NONE));
    assertThat(Threshold.parse(3)).isEqualTo(new Threshold(3, Form.ABSOLUTE, Reference.NONE));
    assertThat(Threshold.parse("0.05")).isEqualTo(Threshold.absolute(0.05));
  }

  @Test
  void readsFactorsOfABaselineOrTheStableSide() {
    assertThat(Threshold.parse("2x baseline")).isEqualTo(new Threshold(2, Form.FACTOR, Reference.BASELINE));
    assertThat(Threshold.parse("0.5x stable")).isEqualTo(new Threshold(0.5, Form.FACTOR, Reference.STABLE));
  }

  @Test
  void readsPercentChanges() {
    assertThat(Threshold.parse("+10% baseline")).isEqualTo(new Threshold(10, Form.PERCENT, Reference.BASELINE));
    assertThat(Threshold.parse("-20% stable")).isEqualTo(new Threshold(-20, Form.PERCENT, Reference.STABLE));
  }

  @Test
  void computesTheLimitFromTheReference() {
    assertThat(Threshold.parse(0.05).limit(123)).isEqualTo(0.05);
    assertThat(Threshold.parse("2x baseline").limit(0.4)).isEqualTo(0.8);
    assertThat(Threshold.parse("-20% stable").limit(50)).isEqualTo(40);
  }

  @Test
  void writesTheFormItWasReadFrom() {
    assertThat(Threshold.parse("2x baseline").text()).isEqualTo("2x baseline");
    assertThat(Threshold.parse("10% baseline").text()).isEqualTo("+10% baseline");
    assertThat(Threshold.parse(0.05).text()).isEqualTo("0.05");
  }

  @ParameterizedTest
  @ValueSource(strings = {"twice baseline", "2x", "2x median", "%10 stable", ""})
  void rejectsOtherText(String text) {
    assertThatThrownBy(() -> Threshold.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "'" + text + "' is not a threshold: write a number (0.05), a factor (2x baseline, 0.5x stable)"
                + " or a change (+10% baseline, -5% stable)");
  }
}
