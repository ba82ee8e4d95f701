package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** What a migration does: its target, shared metrics and rollback triggers, approvers and phases of steps. */
public record MigrationSpec(
    Target target,
    Map<String, String> vars,
    Map<String, MetricDefinition> metrics,
    List<Trigger> rollbackWhen,
    List<String> approvers,
    @JsonProperty("notify") Notify notifications,
    @Required List<Phase> phases) {

  public MigrationSpec {
    target = target == null ? new Target(null, null) : target;
    vars = vars == null ? Map.of() : vars;
    metrics = metrics == null ? Map.of() : metrics;
    rollbackWhen = rollbackWhen == null ? List.of() : rollbackWhen;
    approvers = approvers == null ? List.of() : approvers;
    phases = phases == null ? List.of() : phases;
  }
}
