package dev.flightplan.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a fleet ended: COMPLETED, ROLLED_BACK (a wave was rolled back) or ABORTED, with its final
 * KPIs.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FleetResult(FleetState state, String summary, FleetKpis kpis) {}
