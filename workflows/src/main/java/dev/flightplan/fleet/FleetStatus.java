package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flightplan.migration.PendingDecision;
import dev.flightplan.migration.TimelineEntry;
import java.util.List;

/**
 * The answer of the fleet's {@code status} query. {@code pending} is the gate waiting for an
 * approval (kind {@code gate}) or the spent budget waiting for resume/abort (kind {@code budget});
 * {@code haltReason} says why the budget is spent. {@code run} counts the runs of the
 * continue-as-new chain, starting at 1. The timeline holds the latest entries only.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FleetStatus(
    String fleet,
    FleetState state,
    String currentWave,
    int waveNumber,
    int totalWaves,
    boolean paused,
    String haltReason,
    PendingDecision pending,
    String nextAction,
    int run,
    List<WaveStatus> waves,
    List<TimelineEntry> timeline) {

  /** One wave and a row per system. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record WaveStatus(String wave, String state, int maxParallel, List<SystemRow> systems) {}

  /**
   * One system: {@code weight} is the share of traffic on the new version as far as the fleet knows
   * (100 migrated, 0 not or no longer; null while its migration runs — query the child {@code
   * workflowId} for the live weight). {@code durationMillis} is how long its migration took, or has
   * run so far.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SystemRow(
      String system,
      SystemState state,
      Integer weight,
      Long durationMillis,
      String workflowId,
      String summary) {}
}
