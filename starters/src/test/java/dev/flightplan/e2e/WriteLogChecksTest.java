package dev.flightplan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.demo.ClusterWrite;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteLogChecksTest {
  private static final String GREEN = "/apis/apps/v1/namespaces/shop/deployments/green";
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/shop/deployments";

  private static ClusterWrite create(long at) {
    return ClusterWrite.of(at, "POST", DEPLOYMENTS, 201, "{\"metadata\":{\"name\":\"green\"},\"spec\":{\"replicas\":1}}");
  }

  private static ClusterWrite scale(long at, int replicas) {
    return ClusterWrite.of(at, "PATCH", GREEN, 200, "{\"spec\":{\"replicas\":" + replicas + "}}");
  }

  @Test
  void acceptsAMigrationsWritesEvenWithRepeatsThatChangeNothing() {
    List<ClusterWrite> log =
        List.of(
            create(1),
            ClusterWrite.of(2, "POST", DEPLOYMENTS, 409, "{\"metadata\":{\"name\":\"green\"}}"),
            scale(3, 2),
            scale(4, 2),
            scale(5, 4),
            ClusterWrite.of(6, "PUT", GREEN + "/status", 200, "{\"spec\":{\"replicas\":1}}"),
            ClusterWrite.of(7, "DELETE", GREEN, 200, null));

    assertThat(WriteLogChecks.harmfulRepeats(log)).isEmpty();
    assertThat(WriteLogChecks.countsFor(log, "deployments", "shop", "green"))
        .containsEntry("POST", 1)
        .containsEntry("PATCH", 3)
        .containsEntry("DELETE", 1);
  }

  @Test
  void reportsAnObjectCreatedTwice() {
    assertThat(WriteLogChecks.harmfulRepeats(List.of(create(1), create(2))))
        .singleElement()
        .asString()
        .contains("deployments shop/green created twice");
  }

  @Test
  void reportsReplicasGoingBackToACountAlreadyLeft() {
    assertThat(WriteLogChecks.harmfulRepeats(List.of(create(1), scale(2, 2), scale(3, 4), scale(4, 2))))
        .singleElement()
        .asString()
        .contains("replicas went back to 2");
  }

  @Test
  void reportsChangesAfterADelete() {
    List<ClusterWrite> log =
        List.of(create(1), ClusterWrite.of(2, "DELETE", GREEN, 200, null), scale(3, 2), ClusterWrite.of(4, "DELETE", GREEN, 200, null));

    assertThat(WriteLogChecks.harmfulRepeats(log))
        .anySatisfy(problem -> assertThat(problem).contains("changed by PATCH after it was deleted"))
        .anySatisfy(problem -> assertThat(problem).contains("deleted twice"));
  }

  @Test
  void allowsRecreatingWhatWasDeleted() {
    List<ClusterWrite> log = List.of(create(1), ClusterWrite.of(2, "DELETE", GREEN, 200, null), create(3));

    assertThat(WriteLogChecks.harmfulRepeats(log)).isEmpty();
  }
}
