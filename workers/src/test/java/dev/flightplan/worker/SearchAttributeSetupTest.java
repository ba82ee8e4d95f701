package dev.flightplan.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SearchAttributeSetupTest {

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void registersEveryFlightplanAttributeOnce() {
    SearchAttributeSetup setup = new SearchAttributeSetup(env.getOperatorServiceStubs());

    SearchAttributeSetup.Result first = setup.ensure(env.getNamespace());
    SearchAttributeSetup.Result second = setup.ensure(env.getNamespace());

    assertThat(first.added())
        .containsExactly(
            "FlightplanState",
            "FlightplanPhase",
            "FlightplanTarget",
            "FlightplanWeight",
            "FlightplanFleet");
    assertThat(second.added()).isEmpty();
    assertThat(second.existing()).containsExactlyElementsOf(first.added());
  }
}
