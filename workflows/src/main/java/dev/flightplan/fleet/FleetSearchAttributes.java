package dev.flightplan.fleet;

import io.temporal.common.SearchAttributeKey;

/**
 * The search attribute that groups a fleet's workflows in the Temporal UI and in {@code flightplan
 * list --fleet}. Workers register it with the server at start-up (a child started with an unknown
 * search attribute is refused).
 */
public final class FleetSearchAttributes {

  public static final SearchAttributeKey<String> FLEET =
      SearchAttributeKey.forKeyword("FlightplanFleet");

  private FleetSearchAttributes() {}
}
