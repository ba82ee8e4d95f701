package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a fleet migrates and how. {@code template} is a Migration spec expanded once per system
 * ({@code ${system}} and the system's vars substituted). {@code rollbackTemplate}, expanded the
 * same way, is a forward migration that returns one system to its old state: a completed migration
 * keeps no undo records, so undoing it needs a plan of its own; it is required when {@code
 * failureBudget.onSpent} is {@code rollbackWave}. {@code approvers} may approve the gates between
 * waves (anyone may when empty).
 */
public record FleetSpec(
    @Required MigrationSpec template,
    MigrationSpec rollbackTemplate,
    @Required List<FleetSystem> systems,
    @Required List<Wave> waves,
    FailureBudget failureBudget,
    List<String> approvers,
    @JsonProperty("notify") Notify notifications) {

  public FleetSpec {
    systems = systems == null ? List.of() : systems;
    waves = waves == null ? List.of() : waves;
    approvers = approvers == null ? List.of() : approvers;
  }

  /** The budget, or one that is never spent when the plan sets none. */
  public FailureBudget budget() {
    return failureBudget == null ? FailureBudget.NONE : failureBudget;
  }
}
