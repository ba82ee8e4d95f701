package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flightplan.migration.Decision;
import dev.flightplan.migration.TimelineEntry;
import java.util.List;

/**
 * Everything a fleet run hands to the next when it continues as new. No child is running at that
 * moment (see {@link FleetWorkflowImpl}), so this is the whole truth: each system's outcome, and
 * the effect of every signal taken so far (pause, a spent budget waiting for {@code resume}, a
 * requested wave rollback or abort).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FleetCarry(
    long startedAtMillis,
    int runs,
    int waveIndex,
    List<SystemProgress> systems,
    boolean paused,
    String haltReason,
    boolean rollbackRequested,
    Decision abortRequest,
    List<TimelineEntry> timeline) {}
