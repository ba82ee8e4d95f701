package dev.flightplan.fleet;

import static dev.flightplan.fleet.Fleets.system;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.flightplan.migration.TimelineEntry;
import dev.flightplan.plan.FailureBudget;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.Wave;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fleet of 1,000 systems: history stays bounded through continue-as-new, KPIs stay right across
 * runs.
 */
class LargeFleetTest {

  static final int SYSTEMS = 1_000;
  static final int PILOT = 10;

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              FleetWorkflowImpl.class, ScriptedMigrationWorkflow.class)
          .registerSearchAttribute("FlightplanFleet", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build();

  @Test
  void thousandSystemFleetCompletesAcrossContinueAsNewWithBoundedHistories(
      TestWorkflowEnvironment env, Worker worker) {
    List<FleetSystem> systems = new ArrayList<>();
    List<String> pilot = new ArrayList<>();
    List<String> bulk = new ArrayList<>();
    long completedMillis = 0;
    int rollbacks = 0;
    for (int i = 0; i < SYSTEMS; i++) {
      String name = String.format("svc-%04d", i);
      int hours = 1 + i % 3;
      boolean rollsBack = i % 100 == 50;
      systems.add(
          rollsBack
              ? system(name, "duration", hours + "h", "simulate", "rollback")
              : system(name, "duration", hours + "h"));
      (i < PILOT ? pilot : bulk).add(name);
      if (rollsBack) {
        rollbacks++;
      } else {
        completedMillis += hours * 3_600_000L;
      }
    }
    FleetPlan plan =
        Fleets.fleet(
            "large-fleet",
            systems,
            List.of(
                new Wave("pilot", null, pilot, 5, null, null),
                new Wave("bulk", null, bulk, 50, null, null)),
            new FailureBudget(20, 0.9, 0, FailureBudget.HALT),
            null,
            null);
    long wallStart = System.nanoTime();
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), plan);

    FleetResult result = run.result();
    long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;

    FleetKpis kpis = result.kpis();
    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(kpis.systemsTotal()).isEqualTo(SYSTEMS);
    assertThat(kpis.migrated()).isEqualTo(SYSTEMS - rollbacks);
    assertThat(kpis.rolledBack()).isEqualTo(rollbacks);
    assertThat(kpis.failed() + kpis.skipped() + kpis.pending() + kpis.inProgress()).isZero();
    double meanHours = completedMillis / (double) (SYSTEMS - rollbacks) / 3_600_000.0;
    assertThat(kpis.meanMigrationTimeHours()).isCloseTo(meanHours, within(0.01));
    assertThat(kpis.migrationRatePerDay())
        .isCloseTo(kpis.migrated() / kpis.elapsedDays(), within(1e-9));
    assertThat(kpis.elapsedDays()).isGreaterThan(0);
    assertThat(kpis.successRate())
        .isCloseTo((SYSTEMS - rollbacks) / (double) SYSTEMS, within(1e-9));
    assertThat(kpis.waves())
        .extracting(WaveProgress::migrated)
        .containsExactly(PILOT, SYSTEMS - PILOT - rollbacks);

    List<Integer> histories = run.historyLengths();
    assertThat(histories.size())
        .as("runs: one per wave plus hand-overs inside the bulk wave")
        .isGreaterThan(2);
    assertThat(Collections.max(histories)).isLessThan(10_000);
    assertThat(ChildLedger.LEDGER.peakConcurrency("large-fleet", bulk::contains)).isEqualTo(50);
    // a hand-over inside the bulk wave drains first, and says so in the timeline it carries to the next run
    List<TimelineEntry> carriedNotes = new ArrayList<>();
    for (WorkflowExecutionHistory history : run.histories().subList(1, histories.size())) {
      FleetInput input =
          DefaultDataConverter.newDefaultInstance()
              .fromPayloads(
                  0,
                  Optional.of(
                      history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getInput()),
                  FleetInput.class,
                  FleetInput.class);
      carriedNotes.addAll(input.carried().timeline());
    }
    assertThat(carriedNotes)
        .filteredOn(entry -> entry.kind().equals("hand-over"))
        .isNotEmpty()
        .allSatisfy(
            entry ->
                assertThat(entry.text())
                    .matches(
                        ".+: no new migration starts until the \\d+ running one\\(s\\) finish, then the fleet"
                            + " continues as new"));
    System.out.printf(
        "FIGURE fleet-1000: %d runs, largest history %d events (all: %s); wall time %d ms; %.1f"
            + " days of workflow time, %.1f systems/day, success score %.3f%n",
        histories.size(),
        Collections.max(histories),
        histories,
        wallMillis,
        kpis.elapsedDays(),
        kpis.migrationRatePerDay(),
        kpis.successScore());
  }
}
