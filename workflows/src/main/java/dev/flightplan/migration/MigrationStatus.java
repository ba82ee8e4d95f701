package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.flightplan.analysis.BaselineValue;
import dev.flightplan.analysis.Verdict;
import java.util.List;
import java.util.Map;

/** The answer of the {@code status} query: everything a person needs to know what is happening and what is next. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationStatus(
    String migration,
    MigrationState state,
    String phase,
    String step,
    int stepNumber,
    int totalSteps,
    int weight,
    PendingDecision pending,
    List<Verdict> verdicts,
    Map<String, BaselineValue> baselines,
    List<String> undoStack,
    boolean pastPointOfNoReturn,
    String nextAction,
    List<TimelineEntry> timeline) {}
