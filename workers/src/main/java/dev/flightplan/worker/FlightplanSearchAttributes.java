package dev.flightplan.worker;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The search attributes that make migrations findable in the Temporal UI and {@code temporal
 * workflow list}.
 */
public final class FlightplanSearchAttributes {

  public static final SearchAttributeKey<String> STATE =
      SearchAttributeKey.forKeyword("FlightplanState");
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("FlightplanPhase");
  public static final SearchAttributeKey<String> TARGET =
      SearchAttributeKey.forKeyword("FlightplanTarget");
  public static final SearchAttributeKey<Long> WEIGHT =
      SearchAttributeKey.forLong("FlightplanWeight");
  public static final SearchAttributeKey<String> FLEET =
      SearchAttributeKey.forKeyword("FlightplanFleet");

  private FlightplanSearchAttributes() {}

  /** Name and server-side type of each attribute, in the order they are registered. */
  public static Map<String, IndexedValueType> definitions() {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    all.put(STATE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(PHASE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(TARGET.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    all.put(WEIGHT.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT);
    all.put(FLEET.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    return all;
  }
}
