package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.analysis.Figure;
import dev.flightplan.analysis.Verdict;
import dev.flightplan.migration.MigrationState;
import dev.flightplan.migration.MigrationStatus;
import dev.flightplan.migration.PendingDecision;
import dev.flightplan.migration.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusViewTest {

  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

  private static MigrationStatus status(
      PendingDecision pending, List<Verdict> verdicts, List<TimelineEntry> timeline) {
    return new MigrationStatus(
        "checkout",
        MigrationState.WAITING_APPROVAL,
        "cutover",
        "approval",
        5,
        7,
        25,
        pending,
        verdicts,
        Map.of(),
        List.of("switch Service shop/checkout", "deploy Deployment shop/checkout-green"),
        false,
        "approve or reject: flightplan approve checkout --by NAME",
        timeline);
  }

  @Test
  void showsWhoMayApproveHowManyStillNeededAndTheDeadline() {
    PendingDecision pending =
        new PendingDecision(
            "approval",
            "Delete blue?",
            2,
            List.of("bob"),
            List.of("alice", "bob", "group:sre"),
            NOW.plus(Duration.ofHours(71).plusMinutes(58)).toEpochMilli(),
            "rollback");

    List<String> lines = StatusView.render(status(pending, List.of(), List.of()), NOW);

    assertThat(lines)
        .containsSubsequence(
            "migration checkout  WAITING_APPROVAL",
            "  phase     cutover, step 5/7: approval",
            "  weight    25% of traffic on the new version",
            "  waiting   approval: \"Delete blue?\"",
            "            needs 1 more approval (2 required; approved by bob) from alice, bob,"
                + " group:sre",
            "            deadline 2026-11-23 11:58:00 UTC (in 2d 23h), then rollback",
            "  undo      2 change(s) to undo on rollback, newest: deploy Deployment"
                + " shop/checkout-green",
            "  next      approve or reject: flightplan approve checkout --by NAME");
  }

  @Test
  void aPassedDeadlineSaysHowLongAgo() {
    PendingDecision pending =
        new PendingDecision(
            "approval",
            null,
            1,
            List.of(),
            List.of(),
            NOW.minus(Duration.ofMinutes(5)).toEpochMilli(),
            null);

    assertThat(StatusView.render(status(pending, List.of(), List.of()), NOW))
        .contains("            needs 1 more approval (1 required) from anyone")
        .contains("            deadline 2026-11-20 11:55:00 UTC (passed 5m 0s ago)");
  }

  @Test
  void showsTheLastThreeVerdicts() {
    List<Verdict> verdicts =
        List.of(
            Verdict.pass(10),
            Verdict.pass(20),
            Verdict.pass(30),
            Verdict.fail("error_rate", 0.08, "0.05", 12));

    List<String> lines = StatusView.render(status(null, verdicts, List.of()), NOW);

    assertThat(lines)
        .containsSubsequence(
            "  verdicts  PASS         every trigger held for 20 samples",
            "            PASS         every trigger held for 30 samples",
            "            FAIL         error_rate: measured 0.08, limit 0.05");
    assertThat(lines).noneMatch(line -> line.contains("10 samples"));
  }

  @Test
  void showsEveryComparedFigureUnderItsVerdict() {
    Verdict parallelRun =
        Verdict.fail("throughput below -5% stable", 90, "-5% stable (= 95 with stable at 100)", 1440)
            .withFigures(
                List.of(
                    new Figure("throughput below -5% stable", 90.0, 100.0, 95.0, Figure.Outcome.BREACHED, 1440, null),
                    new Figure("latency_p95 above +10% stable", 0.21, 0.2, 0.22, Figure.Outcome.HELD, 1440, null)));

    List<String> lines = StatusView.render(status(null, List.of(parallelRun), List.of()), NOW);

    assertThat(lines)
        .containsSubsequence(
            "  verdicts  FAIL         throughput below -5% stable: measured 90, limit -5% stable (= 95 with stable"
                + " at 100)",
            "                         · throughput below -5% stable: canary 90, stable 100, limit 95: breached (1440"
                + " samples)",
            "                         · latency_p95 above +10% stable: canary 0.21, stable 0.2, limit 0.22: held"
                + " (1440 samples)");
  }

  @Test
  void showsOnlyTheLatestTenTimelineEntries() {
    List<TimelineEntry> timeline = new ArrayList<>();
    IntStream.range(0, 12)
        .forEach(
            i ->
                timeline.add(
                    new TimelineEntry(
                        NOW.plusSeconds(i).toEpochMilli(),
                        "step",
                        "entry " + i,
                        i == 11 ? "alice" : null)));

    List<String> lines = StatusView.render(status(null, List.of(), timeline), NOW);

    assertThat(lines).contains("timeline (UTC, last 10 of 12)");
    assertThat(lines).noneMatch(line -> line.endsWith("entry 1"));
    assertThat(lines).contains("  2026-11-20 12:00:02  step             entry 2");
    assertThat(lines.get(lines.size() - 1))
        .isEqualTo("  2026-11-20 12:00:11  step             entry 11  [alice]");
  }

  @Test
  void durationsUseTheTwoLargestUnits() {
    assertThat(StatusView.human(Duration.ofHours(50))).isEqualTo("2d 2h");
    assertThat(StatusView.human(Duration.ofMinutes(125))).isEqualTo("2h 5m");
    assertThat(StatusView.human(Duration.ofSeconds(12))).isEqualTo("12s");
    assertThat(StatusView.human(Duration.ofMillis(600))).isEqualTo("600ms");
  }
}
