package dev.flightplan.plan;

/**
 * A whole plan file of {@code kind: Fleet}: one migration template applied to many systems, in
 * waves. Runs as one FleetWorkflow whose id is the fleet's name, with one child MigrationWorkflow
 * per system.
 */
public record FleetPlan(
    @Required String apiVersion,
    @Required String kind,
    @Required Metadata metadata,
    @Required FleetSpec spec) {

  public static final String KIND = "Fleet";

  public String name() {
    return metadata.name();
  }
}
