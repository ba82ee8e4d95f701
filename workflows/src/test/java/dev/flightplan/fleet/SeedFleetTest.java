package dev.flightplan.fleet;

import static dev.flightplan.fleet.ChildLedger.LEDGER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.flightplan.plan.FleetExpander;
import dev.flightplan.plan.FleetPlan;
import dev.flightplan.plan.FleetSystem;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.Step;
import dev.flightplan.plan.Wave;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Seed 003's fleet as written in {@code examples/seeds/003-rpc-to-port-based.yaml}. */
class SeedFleetTest {

  static final Path EXAMPLE = Path.of("..", "examples", "seeds", "003-rpc-to-port-based.yaml");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              FleetWorkflowImpl.class, ScriptedMigrationWorkflow.class)
          .registerSearchAttribute("FlightplanFleet", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
          .build();

  static FleetPlan load() throws IOException {
    return new ObjectMapper(new YAMLFactory()).readValue(EXAMPLE.toFile(), FleetPlan.class);
  }

  @Test
  void exampleLoadsValidatesAndExpandsWithoutProblems() throws IOException {
    FleetPlan fleet = load();

    assertThat(FleetExpander.validate(fleet)).isEmpty();
    List<MigrationPlan> plans = FleetExpander.expandAll(fleet);

    assertThat(plans).hasSize(52);
    assertThat(plans).extracting(MigrationPlan::name).doesNotHaveDuplicates();
    String everything = new ObjectMapper().writeValueAsString(plans);
    assertThat(everything).doesNotContain("${");
    MigrationPlan first = plans.get(0);
    assertThat(first.name()).isEqualTo("rpc-to-port-based-todo-api-system");
    assertThat(first.spec().vars())
        .containsEntry("service", "todo-api-system")
        .containsEntry("system", "todo_api_system");
    assertThat(((Step.Job) first.spec().phases().get(0).steps().get(1)).name())
        .isEqualTo("backup-todo-api-system");
    assertThat(first.spec().rollbackWhen())
        .extracting(t -> t.describe())
        .contains(
            "throughput below -5% baseline",
            "latency_p95 above +10% baseline", "validation_success below 0.8");
  }

  @Test
  void exampleModelsSeed003InventoryInFiveWaves() throws IOException {
    FleetPlan fleet = load();

    Map<String, Long> byPriority =
        fleet.spec().systems().stream()
            .collect(Collectors.groupingBy(FleetSystem::priority, Collectors.counting()));
    assertThat(fleet.spec().systems()).hasSize(52);
    assertThat(byPriority)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("P0", 3L, "P1", 12L, "P2", 20L, "P3", 5L, "P4", 12L));
    assertThat(fleet.spec().waves())
        .extracting(Wave::name)
        .containsExactly("pilot", "expansion", "majority", "majority-complex", "completion");
    assertThat(fleet.spec().systems())
        .extracting(FleetSystem::name)
        .contains("todo_api_system", "simple_rest_api", "hello_world_api");
    MigrationPlan batch =
        FleetExpander.expand(
            fleet,
            fleet.spec().systems().stream()
                .filter(s -> s.name().equals("data_processing_csv_etl"))
                .findFirst()
                .orElseThrow());
    assertThat(batch.spec().target().cluster()).isEqualTo("batch");
  }

  @Test
  void fiftyTwoSystemFleetCompletesWithEveryWaveAtItsMaxParallelAndReplays(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    FleetPlan fleet = load();
    long wallStart = System.nanoTime();
    FleetRun run = FleetRun.start(env, worker.getTaskQueue(), fleet);

    Set<Integer> approvedGates = new HashSet<>();
    for (int step = 0; step < 2_000 && !run.ended(); step++) {
      if (run.idle()) {
        FleetStatus status = run.status();
        assertThat(status.state())
            .as("an idle fleet waits at a gate")
            .isEqualTo(FleetState.WAITING_APPROVAL);
        assertThat(approvedGates.add(status.waveNumber())).as("each gate waits once").isTrue();
        run.approve("tech-lead");
      } else {
        env.sleep(Duration.ofHours(1));
      }
    }
    FleetResult result = run.result();
    long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;

    assertThat(result.state()).isEqualTo(FleetState.COMPLETED);
    assertThat(result.kpis().migrated()).isEqualTo(52);
    assertThat(result.kpis().systemsTotal()).isEqualTo(52);
    assertThat(result.kpis().successScore()).isEqualTo(1.0);
    assertThat(approvedGates).containsExactlyInAnyOrder(1, 2, 4);
    for (Wave wave : fleet.spec().waves()) {
      Set<String> members =
          FleetExpander.members(fleet, wave).stream()
              .map(FleetSystem::name)
              .collect(Collectors.toSet());
      assertThat(LEDGER.peakConcurrency(fleet.name(), members::contains))
          .as("peak concurrency of wave %s", wave.name())
          .isEqualTo(wave.maxParallel());
    }
    for (FleetSystem system : fleet.spec().systems()) {
      for (String dependency : system.dependsOn()) {
        assertThat(LEDGER.start(fleet.name(), system.name()).orElseThrow().atMillis())
            .as("%s starts after %s", system.name(), dependency)
            .isGreaterThanOrEqualTo(LEDGER.end(fleet.name(), dependency).orElseThrow().atMillis());
      }
    }
    assertThat(run.historyLengths()).hasSize(5);
    for (WorkflowExecutionHistory history : run.histories()) {
      WorkflowReplayer.replayWorkflowExecution(history, FleetWorkflowImpl.class);
    }
    System.out.printf(
        "FIGURE fleet-52: wall time %d ms in the time-skipping environment; %.1f days of workflow"
            + " time, %.2f systems/day, mean migration %.1f h, histories %s%n",
        wallMillis,
        result.kpis().elapsedDays(),
        result.kpis().migrationRatePerDay(),
        result.kpis().meanMigrationTimeHours(),
        run.historyLengths());
  }
}
