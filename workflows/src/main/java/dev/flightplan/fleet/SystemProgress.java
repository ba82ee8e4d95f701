package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One system's progress in workflow time. {@code migrationMillis} is how long its migration took
 * (kept when a revert overwrites the timestamps); {@code summary} is the child's own one-line
 * summary or why it was skipped.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SystemProgress(
    String system,
    int wave,
    SystemState state,
    String workflowId,
    Long startedAtMillis,
    Long finishedAtMillis,
    Long migrationMillis,
    String summary) {

  public static SystemProgress pending(String system, int wave) {
    return new SystemProgress(system, wave, SystemState.PENDING, null, null, null, null, null);
  }

  public SystemProgress started(String id, long now) {
    return new SystemProgress(system, wave, SystemState.RUNNING, id, now, null, null, null);
  }

  public SystemProgress finished(SystemState outcome, long now, String text) {
    long took = startedAtMillis == null ? 0 : now - startedAtMillis;
    return new SystemProgress(system, wave, outcome, workflowId, startedAtMillis, now, took, text);
  }

  public SystemProgress skipped(String why) {
    return new SystemProgress(system, wave, SystemState.SKIPPED, null, null, null, null, why);
  }

  public SystemProgress reverting(String id, long now) {
    return new SystemProgress(
        system, wave, SystemState.REVERTING, id, now, null, migrationMillis, summary);
  }

  public SystemProgress reverted(SystemState outcome, long now, String text) {
    return new SystemProgress(
        system, wave, outcome, workflowId, startedAtMillis, now, migrationMillis, text);
  }
}
