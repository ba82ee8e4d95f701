package dev.flightplan.fleet;

import dev.flightplan.migration.Decision;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A fleet migration: one child MigrationWorkflow per system (id {@code <fleet>/<system>}), in
 * waves, at most {@code maxParallel} at once, stopping for a human when the failure budget is
 * spent. The fleet's own workflow id is the fleet's name. Signals carry {@code {by, reason}} like
 * the migration's; {@code approve} passes the gate a wave waits at, {@code pause} stops starting
 * migrations (running ones go on), {@code resume} continues after a pause or a spent budget, {@code
 * abort} aborts every running migration (they roll back) and starts no more. Refusals are recorded
 * in the timeline of {@link #status()}.
 */
@WorkflowInterface
public interface FleetWorkflow {

  @WorkflowMethod
  FleetResult run(FleetInput input);

  @SignalMethod
  void approve(Decision decision);

  @SignalMethod
  void abort(Decision decision);

  @SignalMethod
  void pause(Decision decision);

  @SignalMethod
  void resume(Decision decision);

  /** Seed 003's migration KPIs, fleet-wide and per wave. */
  @QueryMethod
  FleetKpis kpis();

  /** State, waves and a row per system: what a {@code flightplan status <fleet>} table shows. */
  @QueryMethod
  FleetStatus status();

  /** The workflow id of the child migrating {@code system}. */
  static String childId(String fleet, String system) {
    return fleet + "/" + system;
  }

  /** The workflow id of the child reverting {@code system} when a wave is rolled back. */
  static String revertId(String fleet, String system) {
    return fleet + "/" + system + "/rollback";
  }
}
