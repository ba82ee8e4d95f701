package dev.flightplan.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a YAML tree against the plan records before anything is bound, so that every problem is reported with its
 * path instead of the first one Jackson trips over. It reads the records by reflection: component names (or their
 * {@code @JsonProperty} names), {@link Required}, {@link ExactlyOne}, lists, maps, single-key polymorphic objects such
 * as {@link Step}, and scalar types with a {@code @JsonCreator} parse method ({@link PlanDuration}, {@link Threshold},
 * {@link OnTimeout}) whose {@link IllegalArgumentException} message becomes the problem's message.
 *
 * <p>One liberty it takes with the tree: a step written with no body ({@code - preflight:}) is given an empty one, so
 * that binding sees {@code {}}.
 */
public final class TreeValidator {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d+");

  private TreeValidator() {}

  /** Validates {@code node} as a {@code recordType} found at {@code path}, adding every problem to {@code errors}. */
  public static void validateTree(JsonNode node, Class<?> recordType, String path, List<PlanProblem> errors) {
    validateValue(node, recordType, path, errors);
  }

  private static void validateValue(JsonNode node, Type type, String path, List<PlanProblem> errors) {
    Class<?> raw = rawClass(type);
    if (raw == Object.class) {
      return;
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      errors.add(new PlanProblem(path, "expected " + expectation(type) + ", found nothing", null));
      return;
    }
    if (List.class.isAssignableFrom(raw)) {
      validateList(node, elementType(type, 0), path, errors);
    } else if (Map.class.isAssignableFrom(raw)) {
      validateMap(node, elementType(type, 1), path, errors);
    } else if (raw.isRecord() && creatorOf(raw) == null) {
      validateRecord(node, raw, path, errors);
    } else if (isWrapperPolymorphic(raw)) {
      validateWrapper(node, raw, path, errors);
    } else {
      validateScalar(node, raw, path, errors);
    }
  }

  private static void validateList(JsonNode node, Type elementType, String path, List<PlanProblem> errors) {
    if (!node.isArray()) {
      errors.add(wrongType(path, "a list", node));
      return;
    }
    for (int i = 0; i < node.size(); i++) {
      validateValue(node.get(i), elementType, PlanPaths.index(path, i), errors);
    }
  }

  private static void validateMap(JsonNode node, Type valueType, String path, List<PlanProblem> errors) {
    if (!node.isObject()) {
      errors.add(wrongType(path, "an object", node));
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      validateValue(entry.getValue(), valueType, PlanPaths.field(path, entry.getKey()), errors);
    }
  }

  private static void validateRecord(JsonNode node, Class<?> type, String path, List<PlanProblem> errors) {
    if (!node.isObject()) {
      errors.add(wrongType(path, "an object", node));
      return;
    }
    Map<String, RecordComponent> fields = fieldsOf(type);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.containsKey(name)) {
        errors.add(unknownField(type, fields, name, path));
      }
    }
    checkExactlyOne(node, type, fields, path, errors);
    List<String> required = new ArrayList<>();
    fields.forEach((name, component) -> {
      if (component.isAnnotationPresent(Required.class)) {
        required.add(name);
      }
    });
    for (Map.Entry<String, RecordComponent> field : fields.entrySet()) {
      String name = field.getKey();
      JsonNode value = node.get(name);
      String fieldPath = PlanPaths.field(path, name);
      if (value == null || value.isNull()) {
        if (required.contains(name)) {
          errors.add(
              new PlanProblem(
                  fieldPath, "missing required field", owner(path, type) + " requires " + String.join(", ", required)));
        }
        continue;
      }
      validateValue(value, field.getValue().getGenericType(), fieldPath, errors);
    }
  }

  private static PlanProblem unknownField(
      Class<?> type, Map<String, RecordComponent> fields, String name, String path) {
    String fieldPath = PlanPaths.field(path, name);
    String message = "unknown field '" + name + "'";
    if (fields.isEmpty()) {
      String owner = owner(path, type);
      return new PlanProblem(fieldPath, message, owner + " takes no fields: write " + owner + ": {}");
    }
    // The Java names of renamed components count as spellings of their YAML names.
    Map<String, String> spellings = new LinkedHashMap<>();
    fields.forEach((yamlName, component) -> {
      spellings.put(yamlName, yamlName);
      spellings.putIfAbsent(component.getName(), yamlName);
    });
    Optional<String> suggestion = DidYouMean.closest(name, spellings.keySet()).map(spellings::get);
    String hint =
        suggestion
            .map(s -> "did you mean '" + s + "'?")
            .orElse("valid fields here: " + String.join(", ", fields.keySet()));
    return new PlanProblem(fieldPath, message, hint);
  }

  private static void checkExactlyOne(
      JsonNode node, Class<?> type, Map<String, RecordComponent> fields, String path, List<PlanProblem> errors) {
    ExactlyOne rule = type.getAnnotation(ExactlyOne.class);
    if (rule == null) {
      return;
    }
    List<String> choices = rule.value().length == 0 ? List.copyOf(fields.keySet()) : Arrays.asList(rule.value());
    List<String> set = choices.stream().filter(c -> node.hasNonNull(c)).toList();
    String hint = "set exactly one of: " + String.join(", ", choices);
    if (set.isEmpty()) {
      errors.add(new PlanProblem(path, "no " + rule.label() + " set", hint));
    } else if (set.size() > 1) {
      errors.add(new PlanProblem(path, "more than one " + rule.label() + " set: " + String.join(", ", set), hint));
    }
  }

  private static void validateWrapper(JsonNode node, Class<?> type, String path, List<PlanProblem> errors) {
    String label = type.getSimpleName().toLowerCase(Locale.ROOT);
    Map<String, Class<?>> kinds = subtypesOf(type);
    String example = "- " + kinds.keySet().iterator().next() + ": {...}";
    if (!node.isObject()) {
      String hint = "write a " + label + " as one key naming its kind, e.g. '" + example + "'";
      if (node.isTextual() && kinds.containsKey(node.asText())) {
        hint = "write '- " + node.asText() + ": {}'";
      }
      errors.add(new PlanProblem(path, "expected a " + label + ", found " + PlanYaml.kindOf(node), hint));
      return;
    }
    if (node.size() != 1) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      String message =
          keys.isEmpty()
              ? "empty " + label
              : "a " + label + " has exactly one key naming its kind, found " + String.join(", ", keys);
      String hint =
          keys.isEmpty()
              ? label + " kinds: " + String.join(", ", kinds.keySet())
              : "put each " + label + " in its own list item";
      errors.add(new PlanProblem(path, message, hint));
      return;
    }
    String kind = node.fieldNames().next();
    String kindPath = PlanPaths.field(path, kind);
    Class<?> subtype = kinds.get(kind);
    if (subtype == null) {
      String hint =
          DidYouMean.closest(kind, kinds.keySet())
              .map(s -> "did you mean '" + s + "'?")
              .orElse(label + " kinds: " + String.join(", ", kinds.keySet()));
      errors.add(new PlanProblem(kindPath, "unknown " + label + " '" + kind + "'", hint));
      return;
    }
    JsonNode body = node.get(kind);
    if (body.isNull()) {
      body = ((ObjectNode) node).putObject(kind);
    }
    validateValue(body, subtype, kindPath, errors);
  }

  private static void validateScalar(JsonNode node, Class<?> type, String path, List<PlanProblem> errors) {
    if (type == String.class) {
      if (!PlanYaml.isScalar(node)) {
        errors.add(wrongType(path, "a string", node));
      }
    } else if (isWholeNumberType(type)) {
      boolean isInt = type == Integer.class || type == int.class;
      boolean whole =
          node.isIntegralNumber()
              ? (isInt ? node.canConvertToInt() : node.canConvertToLong())
              : node.isTextual() && parsesAsWholeNumber(node.asText().trim(), isInt);
      if (!whole) {
        errors.add(wrongType(path, "a whole number", node));
      }
    } else if (isDecimalType(type)) {
      if (!node.isNumber() && !(node.isTextual() && isDecimal(node.asText()))) {
        errors.add(wrongType(path, "a number", node));
      }
    } else if (type == Boolean.class || type == boolean.class) {
      if (!node.isBoolean() && !(node.isTextual() && node.asText().matches("true|false"))) {
        errors.add(wrongType(path, "true or false", node));
      }
    } else {
      Method creator = creatorOf(type);
      if (creator != null) {
        parseWith(creator, node, type, path, errors);
      } else if (type.isEnum()) {
        parseEnum(node, type, path, errors);
      }
    }
  }

  private static void parseWith(Method creator, JsonNode node, Class<?> type, String path, List<PlanProblem> errors) {
    if (!PlanYaml.isScalar(node)) {
      errors.add(wrongType(path, expectation(type), node));
      return;
    }
    Object argument =
        creator.getParameterTypes()[0] == String.class
            ? node.asText()
            : node.isNumber() ? node.numberValue() : node.asText();
    try {
      Object value = creator.invoke(null, argument);
      if (value instanceof PlanDuration duration && duration.millis() == 0) {
        errors.add(new PlanProblem(path, "must be longer than 0", "write e.g. 30s, 10m, 24h or 3d"));
      }
    } catch (InvocationTargetException e) {
      String message = e.getCause() == null ? null : e.getCause().getMessage();
      errors.add(new PlanProblem(path, message == null ? "invalid " + expectation(type) : message, null));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + creator, e);
    }
  }

  private static void parseEnum(JsonNode node, Class<?> type, String path, List<PlanProblem> errors) {
    List<String> names =
        Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).toList();
    if (!node.isTextual() || !names.contains(node.asText().trim().toLowerCase(Locale.ROOT))) {
      errors.add(
          new PlanProblem(path, "'" + node.asText() + "' is not one of " + String.join(", ", names), null));
    }
  }

  /** A record's fields by the name they are written under in YAML, in declaration order. */
  static Map<String, RecordComponent> fieldsOf(Class<?> recordType) {
    Map<String, RecordComponent> fields = new LinkedHashMap<>();
    for (RecordComponent component : recordType.getRecordComponents()) {
      fields.put(yamlName(component), component);
    }
    return fields;
  }

  /**
   * The component's name, or its {@code @JsonProperty} name, which Java puts on the accessor or field rather than on
   * the component itself.
   */
  static String yamlName(RecordComponent component) {
    JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
    if (renamed == null) {
      try {
        renamed =
            component.getDeclaringRecord()
                .getDeclaredField(component.getName())
                .getAnnotation(JsonProperty.class);
      } catch (NoSuchFieldException impossible) {
        renamed = null;
      }
    }
    return renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName();
  }

  private static boolean isWrapperPolymorphic(Class<?> type) {
    JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
    return type.isInterface()
        && info != null
        && info.include() == JsonTypeInfo.As.WRAPPER_OBJECT
        && type.getAnnotation(JsonSubTypes.class) != null;
  }

  private static Map<String, Class<?>> subtypesOf(Class<?> type) {
    Map<String, Class<?>> kinds = new LinkedHashMap<>();
    for (JsonSubTypes.Type subtype : type.getAnnotation(JsonSubTypes.class).value()) {
      kinds.put(subtype.name(), subtype.value());
    }
    return kinds;
  }

  private static Method creatorOf(Class<?> type) {
    for (Method method : type.getDeclaredMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          && method.isAnnotationPresent(JsonCreator.class)
          && method.getParameterCount() == 1) {
        return method;
      }
    }
    return null;
  }

  private static PlanProblem wrongType(String path, String expected, JsonNode found) {
    return new PlanProblem(path, "expected " + expected + ", found " + PlanYaml.kindOf(found), null);
  }

  private static String expectation(Type type) {
    Class<?> raw = rawClass(type);
    if (List.class.isAssignableFrom(raw)) {
      return "a list";
    }
    if (raw == PlanDuration.class) {
      return "a duration such as 30s, 10m or 24h";
    }
    if (raw == Threshold.class) {
      return "a threshold such as 0.05 or 2x baseline";
    }
    if (isWrapperPolymorphic(raw)) {
      return "a " + raw.getSimpleName().toLowerCase(Locale.ROOT);
    }
    if (Map.class.isAssignableFrom(raw) || raw.isRecord()) {
      return "an object";
    }
    if (raw == String.class) {
      return "a string";
    }
    if (isWholeNumberType(raw)) {
      return "a whole number";
    }
    if (isDecimalType(raw)) {
      return "a number";
    }
    if (raw == PlanDuration.class) {
      return "a duration such as 30s, 10m or 24h";
    }
    if (raw == Threshold.class) {
      return "a threshold such as 0.05 or 2x baseline";
    }
    if (raw.isEnum()) {
      return "one of "
          + Arrays.stream(raw.getEnumConstants())
              .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
    }
    return "a value";
  }

  /**
   * What to call the object at {@code path} in a hint: its key ({@code canary}, {@code http}), or for a list element
   * its type ({@code phase}, {@code trigger}).
   */
  private static String owner(String path, Class<?> type) {
    if (path.isEmpty()) {
      return "the plan";
    }
    if (path.endsWith("]")) {
      String name = type.getSimpleName();
      return name.substring(0, 1).toLowerCase(Locale.ROOT) + name.substring(1);
    }
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? path : path.substring(cut + 1);
  }

  private static boolean isWholeNumberType(Class<?> type) {
    return type == Integer.class || type == int.class || type == Long.class || type == long.class;
  }

  private static boolean isDecimalType(Class<?> type) {
    return type == Double.class || type == double.class || type == Float.class || type == float.class;
  }

  private static boolean parsesAsWholeNumber(String text, boolean isInt) {
    if (!WHOLE_NUMBER.matcher(text).matches()) {
      return false;
    }
    try {
      if (isInt) {
        Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
      } else {
        Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
      }
      return true;
    } catch (NumberFormatException tooLarge) {
      return false;
    }
  }

  private static boolean isDecimal(String text) {
    try {
      Double.parseDouble(text.trim());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    return Object.class;
  }

  private static Type elementType(Type type, int argument) {
    return type instanceof ParameterizedType p ? p.getActualTypeArguments()[argument] : Object.class;
  }
}
