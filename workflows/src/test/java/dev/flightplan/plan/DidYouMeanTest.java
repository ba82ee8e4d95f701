package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> FIELDS = List.of("stable", "canary", "router", "weights", "observe");

  @Test
  void suggestsANameOneOrTwoEditsAway() {
    assertThat(DidYouMean.closest("wieghts", FIELDS)).contains("weights");
    assertThat(DidYouMean.closest("routr", FIELDS)).contains("router");
    assertThat(DidYouMean.closest("Canary", FIELDS)).contains("canary");
  }

  @Test
  void suggestsNothingForAnUnrelatedName() {
    assertThat(DidYouMean.closest("colour", FIELDS)).isEmpty();
    assertThat(DidYouMean.closest("x", FIELDS)).isEmpty();
  }

  @Test
  void measuresEditDistance() {
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("same", "same")).isZero();
  }
}
