package dev.flightplan.migration;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How a migration ended, in one line a person can read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MigrationResult(MigrationState state, String summary) {}
