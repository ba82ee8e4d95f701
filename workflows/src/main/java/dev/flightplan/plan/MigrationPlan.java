package dev.flightplan.plan;

/** A whole plan file of {@code kind: Migration}: one service migration, run as one workflow. */
public record MigrationPlan(
    @Required String apiVersion, @Required String kind, @Required Metadata metadata, @Required MigrationSpec spec) {

  public static final String API_VERSION = "flightplan/v1";
  public static final String KIND = "Migration";

  public String name() {
    return metadata.name();
  }
}
