package dev.flightplan.migration;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The search attributes that let the Temporal UI and {@code temporal workflow list --query} find migrations. */
public final class FlightplanSearchAttributes {
  public static final SearchAttributeKey<String> STATE = SearchAttributeKey.forKeyword("FlightplanState");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("FlightplanPhase");
  public static final SearchAttributeKey<String> TARGET = SearchAttributeKey.forKeyword("FlightplanTarget");
  public static final SearchAttributeKey<Long> WEIGHT = SearchAttributeKey.forLong("FlightplanWeight");
  public static final SearchAttributeKey<String> FLEET = SearchAttributeKey.forKeyword("FlightplanFleet");

  public static final List<SearchAttributeKey<?>> ALL = List.of(STATE, PHASE, TARGET, WEIGHT, FLEET);

  private FlightplanSearchAttributes() {}

  /** Name and server-side type of each attribute, in the order they are registered. */
  public static Map<String, IndexedValueType> definitions() {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key : ALL) {
      all.put(key.getName(), key.getValueType());
    }
    return all;
  }
}
