package dev.flightplan.notify.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApprovalButtonSlackTest {

  @Test
  void roundTripsThroughTheButtonValue() {
    ApprovalButton button = new ApprovalButton("web", "web/6/approval-needed");

    assertThat(ApprovalButton.parse(button.toJson())).isEqualTo(button);
    assertThat(button.step()).isEqualTo(6);
  }

  @Test
  void valuesThatAreNotOursParseToNull() {
    assertThat(ApprovalButton.parse("approve")).isNull();
    assertThat(ApprovalButton.parse("{\"key\":\"x/1/approval-needed\"}")).isNull();
    assertThat(ApprovalButton.parse(null)).isNull();
  }

  @Test
  void aKeyWithoutAStepHasNoStep() {
    assertThat(new ApprovalButton("web", "free text").step()).isNull();
    assertThat(new ApprovalButton("web", null).step()).isNull();
  }
}
