package dev.flightplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightplan.fleet.FleetKpis;
import dev.flightplan.fleet.FleetState;
import dev.flightplan.fleet.FleetStatus;
import dev.flightplan.fleet.SystemState;
import dev.flightplan.migration.PendingDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetStatusViewTest {

  private static FleetStatus.SystemRow row(
      String system, SystemState state, Integer weight, Long millis) {
    return new FleetStatus.SystemRow(
        system, state, weight, millis, state == SystemState.PENDING ? null : "f/" + system, null);
  }

  private static FleetStatus halted() {
    return new FleetStatus(
        "f",
        FleetState.HALTED,
        "main",
        1,
        1,
        false,
        "2 rollbacks, budget allows 1",
        new PendingDecision(
            "budget",
            "failure budget spent (2 rollbacks, budget allows 1): resume to go on, abort to stop",
            0,
            List.of(),
            List.of(),
            null,
            null),
        "resume or abort (1 migration(s) still running)",
        3,
        List.of(
            new FleetStatus.WaveStatus(
                "main",
                "RUNNING",
                2,
                List.of(
                    row("a", SystemState.ROLLED_BACK, 0, 7_200_000L),
                    row("b", SystemState.ROLLED_BACK, 0, 3_600_000L),
                    row("c", SystemState.RUNNING, null, 90_000L),
                    row("d", SystemState.PENDING, 0, null)))),
        List.of());
  }

  private static FleetKpis kpis() {
    return new FleetKpis("f", 4, 0, 2, 0, 0, 0, 1, 1, 2.0, 0.0, 1.5, 0.0, 0.5, List.of());
  }

  @Test
  void aSpentBudgetSaysWhatToDoOnceAndWhoMayDoIt() {
    List<String> lines = FleetStatusView.render(halted(), kpis());

    assertThat(lines)
        .startsWith(
            "fleet f  HALTED  wave 1/1: main",
            "  systems   0/4 migrated, 1 running, 2 rolled back, 1 not started",
            "  rate      0 systems/day over 2d 0h; mean migration time 1h 30m",
            "  score     success score 0.5, success rate 0%, 2 rollbacks, 0 failed",
            "  waiting   budget: \"failure budget spent (2 rollbacks, budget allows 1): resume to"
                + " go on, abort to stop\"",
            "            resume or abort from anyone",
            "  next      resume or abort (1 migration(s) still running)");
    assertThat(lines).noneMatch(line -> line.contains("halted"));
  }

  @Test
  void aRunningSystemWhoseMigrationDidNotAnswerShowsAnUnknownWeight() {
    List<String> lines = FleetStatusView.render(halted(), null);

    assertThat(lines)
        .contains(
            "    SYSTEM                               STATE          WEIGHT  DURATION",
            "    a                                    ROLLED_BACK        0%  2h 0m",
            "    c                                    RUNNING             ?  1m 30s",
            "    d                                    PENDING            0%  -");
  }
}
