package dev.flightplan.worker;

import dev.flightplan.migration.FlightplanSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.serviceclient.OperatorServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registers Flightplan's search attributes in a namespace when they are missing. Safe to run again
 * and again: an attribute that already exists counts as done. Servers that cannot list attributes
 * (the SDK's in-process test server) get each one added and "already exists" tolerated.
 */
public final class SearchAttributeSetup {

  /** What happened to each attribute. */
  public record Result(List<String> added, List<String> existing) {}

  private final OperatorServiceStubs operator;

  public SearchAttributeSetup(OperatorServiceStubs operator) {
    this.operator = operator;
  }

  public Result ensure(String namespace) {
    return ensure(namespace, FlightplanSearchAttributes.definitions());
  }

  public Result ensure(String namespace, Map<String, IndexedValueType> wanted) {
    Map<String, IndexedValueType> known = listed(namespace);
    List<String> added = new ArrayList<>();
    List<String> existing = new ArrayList<>();
    for (Map.Entry<String, IndexedValueType> attribute : wanted.entrySet()) {
      String name = attribute.getKey();
      IndexedValueType type = known.get(name);
      if (type != null) {
        if (type != attribute.getValue()) {
          throw new IllegalStateException(
              "search attribute "
                  + name
                  + " exists in namespace "
                  + namespace
                  + " as "
                  + typeName(type)
                  + " but Flightplan needs "
                  + typeName(attribute.getValue())
                  + ": remove it, then run setup again");
        }
        existing.add(name);
      } else if (add(namespace, name, attribute.getValue())) {
        added.add(name);
      } else {
        existing.add(name);
      }
    }
    return new Result(List.copyOf(added), List.copyOf(existing));
  }

  /**
   * The namespace's custom attributes, or none when the server cannot list them (it is then asked
   * to add each).
   */
  private Map<String, IndexedValueType> listed(String namespace) {
    try {
      ListSearchAttributesResponse response =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      return response.getCustomAttributesMap();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return Map.of();
      }
      throw e;
    }
  }

  /** Adds one attribute; false when the server says it exists already. */
  private boolean add(String namespace, String name, IndexedValueType type) {
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putSearchAttributes(name, type)
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      String description = String.valueOf(e.getStatus().getDescription()).toLowerCase(Locale.ROOT);
      if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS
          || description.contains("already exists")) {
        return false;
      }
      throw e;
    }
  }

  private static String typeName(IndexedValueType type) {
    return type.name().replace("INDEXED_VALUE_TYPE_", "");
  }
}
