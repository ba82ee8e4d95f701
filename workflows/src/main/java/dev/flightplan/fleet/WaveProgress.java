package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One wave's counts. {@code state}: PENDING, RUNNING, SOAKING, WAITING_APPROVAL, ROLLING_BACK,
 * DONE, STOPPED.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WaveProgress(
    String wave,
    String state,
    int maxParallel,
    int total,
    int migrated,
    int rolledBack,
    int reverted,
    int failed,
    int skipped,
    int inProgress,
    int pending) {}
