package dev.flightplan.plan;

import java.util.List;

/**
 * A group of systems migrated together: those whose priority is in {@code priorities} plus those
 * named in {@code systems}, in the order the fleet lists them. At most {@code maxParallel} (default
 * 1) migrate at once. After the last one finished the fleet waits {@code soak}, then, with {@code
 * gate: approval}, for an approval before the next wave starts.
 */
public record Wave(
    @Required String name,
    List<String> priorities,
    List<String> systems,
    Integer maxParallel,
    String gate,
    PlanDuration soak) {

  public static final String GATE_APPROVAL = "approval";
  public static final String GATE_NONE = "none";

  public Wave {
    priorities = priorities == null ? List.of() : priorities;
    systems = systems == null ? List.of() : systems;
  }

  public int parallelism() {
    return maxParallel == null ? 1 : maxParallel;
  }

  public boolean needsApproval() {
    return GATE_APPROVAL.equals(gate);
  }

  public boolean includes(FleetSystem system) {
    return systems.contains(system.name())
        || (system.priority() != null && priorities.contains(system.priority()));
  }
}
