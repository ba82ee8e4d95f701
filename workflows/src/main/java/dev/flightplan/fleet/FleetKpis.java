package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Seed 003's {@code MigrationMetrics} for a fleet, in workflow time. {@code rolledBack} counts
 * migrations that rolled back by themselves or on abort, {@code reverted} systems a wave rollback
 * returned to the old version. {@code successRate} (migrated / finished, skipped not counted)
 * stands in for the seed's validation success rate. {@code successScore} is the seed's {@code
 * calculate_success_score}, see {@link FleetKpiCalculator}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FleetKpis(
    String fleet,
    int systemsTotal,
    int migrated,
    int rolledBack,
    int reverted,
    int failed,
    int skipped,
    int inProgress,
    int pending,
    double elapsedDays,
    double migrationRatePerDay,
    double meanMigrationTimeHours,
    double successRate,
    double successScore,
    List<WaveProgress> waves) {}
