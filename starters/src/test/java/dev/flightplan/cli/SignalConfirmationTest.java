package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.migration.TimelineEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignalConfirmationTest {

  private static final TimelineEntry STARTED =
      new TimelineEntry(1_000, "started", "plan checkout", "carol");
  private static final TimelineEntry OLD_REFUSAL =
      new TimelineEntry(2_000, "refused", "approve: too early", "alice");

  @Test
  void findsTheNewEntryOfTheSender() {
    TimelineEntry approved = new TimelineEntry(3_000, "approved", "approval 1 of 2", "alice");

    var outcome =
        SignalConfirmation.find(
            List.of(STARTED, OLD_REFUSAL), List.of(STARTED, OLD_REFUSAL, approved), "alice", 2_500);

    assertThat(outcome)
        .hasValueSatisfying(
            found -> {
              assertThat(found.accepted()).isTrue();
              assertThat(found.entry()).isEqualTo(approved);
            });
  }

  @Test
  void aRefusalIsReportedAsNotAccepted() {
    TimelineEntry refused =
        new TimelineEntry(3_000, "refused", "approve: mallory is not an approver", "mallory");

    var outcome =
        SignalConfirmation.find(List.of(STARTED), List.of(STARTED, refused), "mallory", 2_500);

    assertThat(outcome).hasValueSatisfying(found -> assertThat(found.accepted()).isFalse());
  }

  @Test
  void entriesThatWereThereBeforeTheSignalDoNotCount() {
    var outcome =
        SignalConfirmation.find(
            List.of(STARTED, OLD_REFUSAL), List.of(STARTED, OLD_REFUSAL), "alice", 0);

    assertThat(outcome).isEmpty();
  }

  @Test
  void entriesOfOtherPeopleDoNotCount() {
    TimelineEntry bob = new TimelineEntry(3_000, "approved", "approval 1 of 2", "bob");

    assertThat(SignalConfirmation.find(List.of(STARTED), List.of(STARTED, bob), "alice", 0))
        .isEmpty();
  }

  @Test
  void theNewestEntryOfTheSenderDecides() {
    TimelineEntry approved = new TimelineEntry(3_000, "approved", "approval 2 of 2", "alice");
    TimelineEntry refused =
        new TimelineEntry(3_001, "refused", "approve: already approved by alice", "alice");

    var outcome = SignalConfirmation.find(List.of(), List.of(approved, refused), "alice", 0);

    assertThat(outcome).hasValueSatisfying(found -> assertThat(found.entry()).isEqualTo(refused));
  }

  @Test
  void withoutTheEarlierTimelineOnlyEntriesFromAroundTheSendCount() {
    TimelineEntry approved = new TimelineEntry(10_000, "approved", "approval 1 of 1", "alice");

    assertThat(SignalConfirmation.find(null, List.of(OLD_REFUSAL, approved), "alice", 9_500))
        .hasValueSatisfying(found -> assertThat(found.entry()).isEqualTo(approved));
    assertThat(SignalConfirmation.find(null, List.of(OLD_REFUSAL), "alice", 9_500)).isEmpty();
  }
}
