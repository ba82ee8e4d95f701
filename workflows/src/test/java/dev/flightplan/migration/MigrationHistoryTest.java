package dev.flightplan.migration;

import static dev.flightplan.testing.TestPlans.phase;
import static dev.flightplan.testing.TestPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightplan.analysis.Verdict;
import dev.flightplan.plan.MigrationPlan;
import dev.flightplan.plan.PlanDuration;
import dev.flightplan.plan.Step;
import dev.flightplan.testing.MigrationHarness;
import dev.flightplan.testing.TestPlans;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Running migrations outlive worker deployments, so every committed history must replay against today's code. Set
 * {@code -Dflightplan.writeHistories=true} to rewrite the golden files (see docs/upgrading-workflows.md).
 */
class MigrationHistoryTest {

  private static final Path GOLDEN = Path.of("src/test/resources/histories");

  @Test
  void everyCommittedHistoryReplaysAgainstTheCurrentCode() throws Exception {
    List<Path> files = goldenFiles();
    assertThat(files).as("golden histories in " + GOLDEN.toAbsolutePath()).isNotEmpty();
    for (Path file : files) {
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(Files.readString(file)), MigrationWorkflowImpl.class);
    }
  }

  @Test
  void aChangeThatReordersActivitiesIsCaughtByReplay() throws Exception {
    Path file = goldenFiles().stream().filter(p -> p.toString().contains("completed")).findFirst().orElseThrow();
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(file));

    assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, IncompatibleMigrationWorkflow.class))
        .hasStackTraceContaining("NonDeterministicException");
  }

  @Test
  void freshHistoriesOfEachEndingReplay() throws Exception {
    record("completed", harness -> {
      MigrationWorkflow workflow = harness.start(TestPlans.blueGreenWithCanary("golden-completed"));
      harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
      workflow.approve(new Decision("alice", "ship it"));
      return workflow;
    });
    // migration-partial-approval-before-progress-updates.json was recorded by the code before partial approvals
    // updated the request (APPROVAL_PROGRESS_CHANGE); it is not rewritten here, so it keeps proving that change safe
    record("partial-approval", harness -> {
      MigrationPlan plan =
          plan(
              "golden-partial-approval",
              List.of("alice", "bob"),
              phase(
                  "gate",
                  new Step.Approval("ship it?", 2, PlanDuration.parse("1h"), null, null),
                  new Step.Scale("web-blue", 3, null)));
      MigrationWorkflow workflow = harness.start(plan);
      harness.awaitState(workflow, MigrationState.WAITING_APPROVAL);
      workflow.approve(new Decision("alice", "looks good"));
      harness.awaitStatus(workflow, s -> s.pending() != null && s.pending().approvedBy().contains("alice"));
      workflow.approve(new Decision("bob", "agreed"));
      return workflow;
    });
    record("rolled-back", harness -> {
      harness.metrics.verdicts(
          r -> r.label().equals("canary at 50%") ? Verdict.fail("error_rate above 0.05", 0.2, "0.05", 2) : Verdict.pass(2));
      return harness.start(TestPlans.blueGreenWithCanary("golden-rolled-back"));
    });
  }

  @Test
  void aSevenDayObservationWindowCostsAHandfulOfHistoryEvents() {
    try (MigrationHarness harness = new MigrationHarness()) {
      TestPlans.seedCluster(harness.cluster);
      harness.metrics.verdicts(
          request -> {
            // The real window heartbeats every second for seven days; heartbeats never become history events.
            for (int i = 0; i < 200; i++) {
              Activity.getExecutionContext().heartbeat(i);
            }
            return Verdict.pass(10_080);
          });
      MigrationPlan plan =
          plan(
              "seven-day-window",
              List.of("alice"),
              phase("watch", new Step.Observe(PlanDuration.parse("7d"), PlanDuration.parse("1m"), null)));
      MigrationWorkflow workflow = harness.start(plan);
      assertThat(harness.result(workflow).state()).isEqualTo(MigrationState.COMPLETED);

      List<HistoryEvent> events = harness.client.fetchHistory("seven-day-window").getEvents();
      long observeScheduled =
          events.stream()
              .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
              .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("MetricsObserve"))
              .mapToLong(HistoryEvent::getEventId)
              .findFirst()
              .orElseThrow();
      long windowEvents =
          1
              + events.stream()
                  .filter(
                      e ->
                          (e.hasActivityTaskStartedEventAttributes()
                                  && e.getActivityTaskStartedEventAttributes().getScheduledEventId() == observeScheduled)
                              || (e.hasActivityTaskCompletedEventAttributes()
                                  && e.getActivityTaskCompletedEventAttributes().getScheduledEventId()
                                      == observeScheduled))
                  .count();
      System.out.println(
          "FIGURE history events for a migration with one 7-day observation window: total=" + events.size()
              + " window-activity-events=" + windowEvents);
      assertThat(windowEvents).isEqualTo(3);
      assertThat(events.size()).isLessThan(40);
    }
  }

  private interface Scenario {
    MigrationWorkflow run(MigrationHarness harness);
  }

  private static void record(String name, Scenario scenario) throws Exception {
    try (MigrationHarness harness = new MigrationHarness()) {
      TestPlans.seedCluster(harness.cluster);
      MigrationWorkflow workflow = scenario.run(harness);
      harness.result(workflow);
      String id = io.temporal.client.WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
      WorkflowExecutionHistory history = harness.client.fetchHistory(id);
      WorkflowReplayer.replayWorkflowExecution(history, MigrationWorkflowImpl.class);
      if (Boolean.getBoolean("flightplan.writeHistories")) {
        Files.createDirectories(GOLDEN);
        Files.writeString(GOLDEN.resolve("migration-" + name + ".json"), history.toJson(true), StandardCharsets.UTF_8);
      }
    }
  }

  private static List<Path> goldenFiles() {
    try (Stream<Path> files = Files.list(GOLDEN)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
