package dev.flightplan.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanPathsTest {
  @Test
  void splitsAPathIntoKeysAndIndexes() {
    assertThat(PlanPaths.segments("spec.phases[1].steps[0].canary.weights"))
        .containsExactly("spec", "phases", 1, "steps", 0, "canary", "weights");
  }

  @Test
  void readsBackAQuotedKeyBuiltByField() {
    String path = PlanPaths.field(PlanPaths.field("metadata", "labels"), "app.kubernetes.io/\"name\"");

    assertThat(path).isEqualTo("metadata.labels[\"app.kubernetes.io/\\\"name\\\"\"]");
    assertThat(PlanPaths.segments(path)).containsExactly("metadata", "labels", "app.kubernetes.io/\"name\"");
  }

  @Test
  void readsAnIndexRightAfterAQuotedKey() {
    assertThat(PlanPaths.segments(PlanPaths.index(PlanPaths.field("vars", "a b"), 3)))
        .containsExactly("vars", "a b", 3);
  }

  @Test
  void theRootHasNoSegments() {
    assertThat(PlanPaths.segments("")).isEmpty();
  }
}
