package dev.flightplan.plan;

import java.util.List;
import java.util.Map;

/**
 * One system of a fleet. {@code vars} override the template's; {@code cluster} names the cluster
 * whose worker does the system's work; {@code dependsOn} names systems (of the same or an earlier
 * wave) that must have migrated first.
 */
public record FleetSystem(
    @Required String name,
    String priority,
    Map<String, String> vars,
    String cluster,
    List<String> dependsOn) {

  public FleetSystem {
    vars = vars == null ? Map.of() : vars;
    dependsOn = dependsOn == null ? List.of() : dependsOn;
  }

  public static FleetSystem of(String name, String priority) {
    return new FleetSystem(name, priority, null, null, null);
  }
}
