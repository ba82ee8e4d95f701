package dev.flightplan.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Substitutes {@code ${var}} in every string under {@code spec} (embedded manifests included) from {@code spec.vars}
 * and the built-ins {@code ${name}} (metadata.name) and {@code ${namespace}} (spec.target.namespace, else
 * {@code default}). A variable's value may use other variables. {@code $${} writes a literal {@code ${}.
 */
final class VariableSubstitution {
  static final List<String> BUILT_INS = List.of("name", "namespace");
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  private final List<PlanProblem> errors;
  private final Map<String, String> builtIns = new LinkedHashMap<>();
  private final Map<String, JsonNode> declared = new LinkedHashMap<>();
  private final Map<String, String> resolved = new LinkedHashMap<>();

  private VariableSubstitution(List<PlanProblem> errors) {
    this.errors = errors;
  }

  /** Substitutes in place under {@code root.spec}, reporting unknown variables at the string's path. */
  static void apply(JsonNode root, List<PlanProblem> errors) {
    JsonNode spec = root.path("spec");
    if (!spec.isObject()) {
      return;
    }
    new VariableSubstitution(errors).run(root, (ObjectNode) spec);
  }

  private void run(JsonNode root, ObjectNode spec) {
    JsonNode name = root.path("metadata").path("name");
    builtIns.put("name", PlanYaml.isScalar(name) ? name.asText() : "");
    JsonNode namespace = spec.path("target").path("namespace");
    builtIns.put("namespace", PlanYaml.isScalar(namespace) ? namespace.asText() : "default");
    JsonNode vars = spec.get("vars");
    if (vars != null && vars.isObject()) {
      resolveVars((ObjectNode) vars);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = spec.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("vars")) {
        substituteIn(spec, field.getKey(), field.getValue(), PlanPaths.field("spec", field.getKey()));
      }
    }
  }

  private void resolveVars(ObjectNode vars) {
    for (Iterator<Map.Entry<String, JsonNode>> it = vars.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> var = it.next();
      String path = PlanPaths.field("spec.vars", var.getKey());
      if (BUILT_INS.contains(var.getKey())) {
        errors.add(
            new PlanProblem(
                path, "'" + var.getKey() + "' is a built-in variable and cannot be redefined", "pick another name"));
      } else if (!VAR_NAME.matcher(var.getKey()).matches()) {
        errors.add(
            new PlanProblem(
                path,
                "'" + var.getKey() + "' is not a valid variable name",
                "start with a letter or '_', then letters, digits, '_', '-' or '.'"));
      } else if (PlanYaml.isScalar(var.getValue())) {
        declared.put(var.getKey(), var.getValue());
      }
    }
    for (String name : declared.keySet()) {
      String value = resolve(name, new LinkedHashSet<>());
      vars.set(name, TextNode.valueOf(value));
    }
  }

  /** A variable's value with its own references substituted; cycles and unknown names are reported once. */
  private String resolve(String name, LinkedHashSet<String> resolving) {
    if (builtIns.containsKey(name)) {
      return builtIns.get(name);
    }
    if (resolved.containsKey(name)) {
      return resolved.get(name);
    }
    String path = PlanPaths.field("spec.vars", name);
    String raw = declared.get(name).asText();
    if (!resolving.add(name)) {
      List<String> cycle = new ArrayList<>(resolving);
      cycle.add(name);
      String loop = String.join(" → ", cycle.subList(cycle.indexOf(name), cycle.size()));
      errors.add(new PlanProblem(path, "variable '" + name + "' refers to itself: " + loop, null));
      resolved.put(name, raw);
      return raw;
    }
    String value =
        substitute(
            raw,
            path,
            reference ->
                declared.containsKey(reference) || builtIns.containsKey(reference)
                    ? resolve(reference, resolving)
                    : null);
    resolving.remove(name);
    resolved.putIfAbsent(name, value);
    return resolved.get(name);
  }

  private void substituteIn(JsonNode parent, String key, JsonNode node, String path) {
    if (node.isTextual()) {
      String value = substitute(node.asText(), path, this::lookup);
      if (!value.equals(node.asText())) {
        ((ObjectNode) parent).set(key, TextNode.valueOf(value));
      }
    } else if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        substituteIn(node, field.getKey(), field.getValue(), PlanPaths.field(path, field.getKey()));
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        JsonNode element = array.get(i);
        String elementPath = PlanPaths.index(path, i);
        if (element.isTextual()) {
          String value = substitute(element.asText(), elementPath, this::lookup);
          if (!value.equals(element.asText())) {
            array.set(i, TextNode.valueOf(value));
          }
        } else {
          substituteIn(array, null, element, elementPath);
        }
      }
    }
  }

  private String lookup(String name) {
    if (builtIns.containsKey(name)) {
      return builtIns.get(name);
    }
    return declared.containsKey(name) ? resolve(name, new LinkedHashSet<>()) : null;
  }

  /** Replaces each {@code ${x}} by {@code lookup(x)}; an unknown or unclosed reference is reported and left as is. */
  private String substitute(String text, String path, Function<String, String> lookup) {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          errors.add(
              new PlanProblem(path, "unclosed ${ in '" + text + "'", "write ${name}, or $${ for a literal ${"));
          return text;
        }
        String name = text.substring(i + 2, end).trim();
        String value = lookup.apply(name);
        if (value == null) {
          errors.add(unknown(name, path));
          out.append(text, i, end + 1);
        } else {
          out.append(value);
        }
        i = end + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return out.toString();
  }

  private PlanProblem unknown(String name, String path) {
    TreeSet<String> known = new TreeSet<>(builtIns.keySet());
    known.addAll(declared.keySet());
    String list = "known variables: " + String.join(", ", known);
    String hint = DidYouMean.closest(name, known).map(s -> "did you mean ${" + s + "}? " + list).orElse(list);
    return new PlanProblem(path, "unknown variable ${" + name + "}", hint);
  }
}
