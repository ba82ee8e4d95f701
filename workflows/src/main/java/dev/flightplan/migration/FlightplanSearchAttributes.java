package dev.flightplan.migration;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The search attributes that let the Temporal UI and {@code temporal workflow list --query} find migrations. */
public final class FlightplanSearchAttributes {
  public static final SearchAttributeKey<String> STATE = SearchAttributeKey.forKeyword("FlightplanState");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("FlightplanPhase");
  public static final SearchAttributeKey<String> TARGET = SearchAttributeKey.forKeyword("FlightplanTarget");
  public static final SearchAttributeKey<Long> WEIGHT = SearchAttributeKey.forLong("FlightplanWeight");
  public static final SearchAttributeKey<String> FLEET = SearchAttributeKey.forKeyword("FlightplanFleet");

  public static final List<SearchAttributeKey<?>> ALL = List.of(STATE, PHASE, TARGET, WEIGHT, FLEET);

  private FlightplanSearchAttributes() {}
}
