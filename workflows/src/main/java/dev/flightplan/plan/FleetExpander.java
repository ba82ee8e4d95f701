package dev.flightplan.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a fleet plan into one migration plan per system, and checks what only a whole fleet can get
 * wrong (unknown or cyclic dependencies, systems in no wave or in two, budgets out of range,
 * variables nobody defines). Pure and deterministic: the FleetWorkflow expands each system's plan
 * when it starts the system's migration.
 *
 * <p>The template is expanded by writing it to a Jackson tree, substituting {@code ${var}} in every
 * string value, and reading the tree back. Typed values (durations, thresholds, numbers) are parsed
 * when the fleet plan is loaded, so only strings can hold variables; a variable nobody defines is
 * left as written and reported by {@link #validate}.
 */
public final class FleetExpander {

  /** The variable every system gets: its own name. */
  public static final String SYSTEM_VAR = "system";

  /**
   * Its name as a Kubernetes object name would have it: {@code todo_api_system} becomes {@code
   * todo-api-system}.
   */
  public static final String SYSTEM_SLUG_VAR = "systemSlug";

  private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)}");
  private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final int MAX_VAR_DEPTH = 8;

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          // the tree comes from the records themselves; a helper getter a record may grow must not
          // break the trip
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private FleetExpander() {}

  /** The migration plan of one system, from the fleet's template. */
  public static MigrationPlan expand(FleetPlan fleet, FleetSystem system) {
    return expand(
        fleet, system, fleet.spec().template(), childPlanName(fleet.name(), system.name()), null);
  }

  /** The plan that reverts one completed system, from the fleet's rollback template. */
  public static MigrationPlan expandRollback(FleetPlan fleet, FleetSystem system) {
    if (fleet.spec().rollbackTemplate() == null) {
      throw new IllegalArgumentException("fleet '" + fleet.name() + "' has no rollbackTemplate");
    }
    return expand(
        fleet,
        system,
        fleet.spec().rollbackTemplate(),
        childPlanName(fleet.name(), system.name()) + "-rollback",
        null);
  }

  /** Every system's plan, in the fleet's order. */
  public static List<MigrationPlan> expandAll(FleetPlan fleet) {
    return fleet.spec().systems().stream().map(system -> expand(fleet, system)).toList();
  }

  /**
   * {@code <fleet>-<system>}, lower-case, with anything but letters, digits and dashes turned into
   * dashes.
   */
  public static String childPlanName(String fleet, String system) {
    return slug(fleet + "-" + system);
  }

  /**
   * Lower-case, anything but letters, digits and dashes turned into single dashes, none at either
   * end.
   */
  public static String slug(String text) {
    String raw = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    return raw.replaceAll("-{2,}", "-").replaceAll("^-|-$", "");
  }

  /**
   * The template's vars overridden by the system's, plus {@code system} and {@code systemSlug},
   * each with references to others resolved.
   */
  public static Map<String, String> varsFor(MigrationSpec template, FleetSystem system) {
    Map<String, String> merged = new LinkedHashMap<>(template.vars());
    merged.putAll(system.vars());
    merged.put(SYSTEM_VAR, system.name());
    merged.put(SYSTEM_SLUG_VAR, slug(system.name()));
    for (int pass = 0; pass < MAX_VAR_DEPTH; pass++) {
      boolean changed = false;
      for (Map.Entry<String, String> entry : merged.entrySet()) {
        String value = entry.getValue();
        String substituted = value == null ? null : substitute(value, merged, new HashSet<>());
        if (substituted != null && !substituted.equals(value)) {
          entry.setValue(substituted);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return merged;
  }

  /** The systems a wave migrates, in the order the fleet lists them. */
  public static List<FleetSystem> members(FleetPlan fleet, Wave wave) {
    return fleet.spec().systems().stream().filter(wave::includes).toList();
  }

  /** Which wave (index) each system is in; a system in two waves belongs to the first. */
  public static Map<String, Integer> waveIndex(FleetPlan fleet) {
    Map<String, Integer> index = new HashMap<>();
    List<Wave> waves = fleet.spec().waves();
    for (int w = 0; w < waves.size(); w++) {
      for (FleetSystem system : members(fleet, waves.get(w))) {
        index.putIfAbsent(system.name(), w);
      }
    }
    return index;
  }

  private static MigrationPlan expand(
      FleetPlan fleet,
      FleetSystem system,
      MigrationSpec template,
      String planName,
      Map<String, Set<String>> unknown) {
    Map<String, String> vars = varsFor(template, system);
    JsonNode tree = MAPPER.valueToTree(template);
    ((ObjectNode) tree).remove("vars");
    JsonNode substituted =
        substituteTree(tree, vars, "", unknown == null ? new TreeMap<>() : unknown);
    MigrationSpec spec;
    try {
      spec = MAPPER.treeToValue(substituted, MigrationSpec.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the template expanded for system '"
              + system.name()
              + "' is not a valid migration: "
              + rootMessage(e),
          e);
    }
    Target target =
        new Target(
            spec.target().namespace(),
            system.cluster() != null ? system.cluster() : spec.target().cluster());
    MigrationSpec withVars =
        new MigrationSpec(
            target,
            Map.copyOf(withoutNulls(vars)),
            spec.metrics(),
            spec.rollbackWhen(),
            spec.approvers(),
            spec.notifications(),
            spec.phases());
    Map<String, String> labels = new LinkedHashMap<>();
    if (fleet.metadata().labels() != null) {
      labels.putAll(fleet.metadata().labels());
    }
    labels.put("flightplan/fleet", fleet.name());
    labels.put("flightplan/system", system.name());
    String apiVersion = fleet.apiVersion() == null ? MigrationPlan.API_VERSION : fleet.apiVersion();
    return new MigrationPlan(
        apiVersion, MigrationPlan.KIND, new Metadata(planName, labels), withVars);
  }

  private static Map<String, String> withoutNulls(Map<String, String> vars) {
    Map<String, String> out = new LinkedHashMap<>();
    vars.forEach((k, v) -> out.put(k, v == null ? "" : v));
    return out;
  }

  private static JsonNode substituteTree(
      JsonNode node, Map<String, String> vars, String path, Map<String, Set<String>> unknown) {
    if (node.isTextual()) {
      Set<String> missing = new HashSet<>();
      String text = substitute(node.textValue(), vars, missing);
      for (String name : missing) {
        unknown.computeIfAbsent(path, p -> new java.util.TreeSet<>()).add(name);
      }
      return TextNode.valueOf(text);
    }
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
        copy.set(field.getKey(), substituteTree(field.getValue(), vars, child, unknown));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(substituteTree(node.get(i), vars, path + "[" + i + "]", unknown));
      }
      return copy;
    }
    return node;
  }

  private static String substitute(String text, Map<String, String> vars, Set<String> missing) {
    Matcher matcher = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = vars.get(name);
      if (value == null) {
        missing.add(name);
        matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
      } else {
        matcher.appendReplacement(out, Matcher.quoteReplacement(value));
      }
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    if (message != null && cause instanceof JsonProcessingException json) {
      message = json.getOriginalMessage();
    }
    return message;
  }

  /** Every problem of the fleet plan, each with its path; empty when the fleet can start. */
  public static List<FleetProblem> validate(FleetPlan fleet) {
    return new Validation(fleet).run();
  }

  /** One validation pass; collects problems instead of stopping at the first. */
  private static final class Validation {
    private final FleetPlan fleet;
    private final List<FleetProblem> problems = new ArrayList<>();
    private final Map<String, Integer> systemPosition = new HashMap<>();

    Validation(FleetPlan fleet) {
      this.fleet = fleet;
    }

    List<FleetProblem> run() {
      if (fleet == null) {
        add("", "the plan is empty", "write apiVersion, kind: Fleet, metadata and spec");
        return problems;
      }
      if (!MigrationPlan.API_VERSION.equals(fleet.apiVersion())) {
        add("apiVersion", "must be " + MigrationPlan.API_VERSION, null);
      }
      if (!FleetPlan.KIND.equals(fleet.kind())) {
        add("kind", "must be " + FleetPlan.KIND + " for a fleet plan", null);
      }
      if (fleet.metadata() == null || blank(fleet.metadata().name())) {
        add("metadata.name", "required", "the fleet's name becomes its workflow id");
      }
      FleetSpec spec = fleet.spec();
      if (spec == null) {
        add("spec", "required", null);
        return problems;
      }
      if (spec.template() == null) {
        add("spec.template", "required", "a Migration spec applied to every system");
      } else if (spec.template().phases().isEmpty()) {
        add("spec.template.phases", "required: at least one phase", null);
      }
      checkSystems(spec);
      Map<String, Integer> waveOf = checkWaves(spec);
      checkDependencies(spec, waveOf);
      checkBudget(spec);
      if (spec.template() != null && fleet.metadata() != null && fleet.metadata().name() != null) {
        checkExpansion(spec, spec.template(), "spec.template");
        if (spec.rollbackTemplate() != null) {
          checkExpansion(spec, spec.rollbackTemplate(), "spec.rollbackTemplate");
        }
      }
      return problems;
    }

    private void checkSystems(FleetSpec spec) {
      if (spec.systems().isEmpty()) {
        add("spec.systems", "required: at least one system", null);
      }
      Map<String, String> planNames = new HashMap<>();
      for (int i = 0; i < spec.systems().size(); i++) {
        FleetSystem system = spec.systems().get(i);
        String path = "spec.systems[" + i + "]";
        if (system == null || blank(system.name())) {
          add(path + ".name", "required", null);
          continue;
        }
        if (!SYSTEM_NAME.matcher(system.name()).matches()) {
          add(
              path + ".name",
              "'" + system.name() + "' may only contain letters, digits, '.', '_' and '-'",
              "it becomes part of the workflow id <fleet>/<system>");
        }
        Integer first = systemPosition.putIfAbsent(system.name(), i);
        if (first != null) {
          add(
              path + ".name",
              "duplicate system '" + system.name() + "'",
              "first listed at spec.systems[" + first + "]");
          continue;
        }
        if (fleet.metadata() != null && fleet.metadata().name() != null) {
          String planName = childPlanName(fleet.metadata().name(), system.name());
          String clash = planNames.putIfAbsent(planName, system.name());
          if (clash != null) {
            add(
                path + ".name",
                "'"
                    + system.name()
                    + "' and '"
                    + clash
                    + "' both become migration '"
                    + planName
                    + "'",
                "rename one of them");
          }
        }
      }
    }

    private Map<String, Integer> checkWaves(FleetSpec spec) {
      Map<String, List<Integer>> wavesOfSystem = new LinkedHashMap<>();
      if (spec.waves().isEmpty()) {
        add("spec.waves", "required: at least one wave", "e.g. a wave with priorities: [P0]");
      }
      Set<String> priorities = new HashSet<>();
      spec.systems().stream()
          .filter(s -> s != null && s.priority() != null)
          .forEach(s -> priorities.add(s.priority()));
      Set<String> waveNames = new HashSet<>();
      for (int w = 0; w < spec.waves().size(); w++) {
        Wave wave = spec.waves().get(w);
        String path = "spec.waves[" + w + "]";
        if (wave == null) {
          add(path, "empty wave", null);
          continue;
        }
        if (blank(wave.name())) {
          add(path + ".name", "required", null);
        } else if (!waveNames.add(wave.name())) {
          add(path + ".name", "duplicate wave '" + wave.name() + "'", null);
        }
        if (wave.priorities().isEmpty() && wave.systems().isEmpty()) {
          add(
              path,
              "names neither priorities nor systems",
              "add priorities: [P0] or systems: [name]");
        }
        for (int p = 0; p < wave.priorities().size(); p++) {
          if (!priorities.contains(wave.priorities().get(p))) {
            add(
                path + ".priorities[" + p + "]",
                "no system has priority '" + wave.priorities().get(p) + "'",
                null);
          }
        }
        for (int s = 0; s < wave.systems().size(); s++) {
          String name = wave.systems().get(s);
          if (!systemPosition.containsKey(name)) {
            add(path + ".systems[" + s + "]", "unknown system '" + name + "'", didYouMean(name));
          }
        }
        if (wave.maxParallel() != null && wave.maxParallel() < 1) {
          add(path + ".maxParallel", "must be at least 1", null);
        }
        if (wave.gate() != null
            && !Wave.GATE_APPROVAL.equals(wave.gate())
            && !Wave.GATE_NONE.equals(wave.gate())) {
          add(path + ".gate", "'" + wave.gate() + "' is not one of approval, none", null);
        }
        for (int i = 0; i < spec.systems().size(); i++) {
          FleetSystem system = spec.systems().get(i);
          if (isFirst(system, i) && wave.includes(system)) {
            wavesOfSystem.computeIfAbsent(system.name(), n -> new ArrayList<>()).add(w);
          }
        }
      }
      Map<String, Integer> waveOf = new HashMap<>();
      for (int i = 0; i < spec.systems().size(); i++) {
        FleetSystem system = spec.systems().get(i);
        if (!isFirst(system, i)) {
          continue;
        }
        String name = system.name();
        String path = "spec.systems[" + i + "]";
        List<Integer> in = wavesOfSystem.getOrDefault(name, List.of());
        if (in.isEmpty() && !spec.waves().isEmpty()) {
          add(
              path,
              "system '"
                  + name
                  + "'"
                  + (system.priority() == null ? "" : " (priority " + system.priority() + ")")
                  + " is in no wave",
              "list it in a wave's systems or priorities");
        } else if (in.size() > 1) {
          add(
              path,
              "system '" + name + "' is in waves " + waveLabels(spec, in),
              "a system migrates once: keep it in one wave");
        }
        if (!in.isEmpty()) {
          waveOf.put(name, in.get(0));
        }
      }
      return waveOf;
    }

    private void checkDependencies(FleetSpec spec, Map<String, Integer> waveOf) {
      for (int i = 0; i < spec.systems().size(); i++) {
        FleetSystem system = spec.systems().get(i);
        if (!isFirst(system, i)) {
          continue;
        }
        for (int d = 0; d < system.dependsOn().size(); d++) {
          String dependency = system.dependsOn().get(d);
          String path = "spec.systems[" + i + "].dependsOn[" + d + "]";
          if (!systemPosition.containsKey(dependency)) {
            add(path, "unknown system '" + dependency + "'", didYouMean(dependency));
          } else if (dependency.equals(system.name())) {
            add(path, "'" + system.name() + "' depends on itself", null);
          } else if (waveOf.containsKey(dependency)
              && waveOf.containsKey(system.name())
              && waveOf.get(dependency) > waveOf.get(system.name())) {
            add(
                path,
                "'"
                    + dependency
                    + "' migrates in a later wave ('"
                    + spec.waves().get(waveOf.get(dependency)).name()
                    + "') than '"
                    + system.name()
                    + "' ('"
                    + spec.waves().get(waveOf.get(system.name())).name()
                    + "')",
                "move '" + dependency + "' to the same or an earlier wave");
          }
        }
      }
      findCycles(spec);
    }

    private void findCycles(FleetSpec spec) {
      Map<String, Integer> color = new HashMap<>();
      Set<Set<String>> reported = new HashSet<>();
      for (FleetSystem system : spec.systems()) {
        if (system != null && system.name() != null) {
          visit(spec, system.name(), color, new ArrayList<>(), reported);
        }
      }
    }

    private void visit(
        FleetSpec spec,
        String name,
        Map<String, Integer> color,
        List<String> stack,
        Set<Set<String>> reported) {
      Integer state = color.get(name);
      if (state != null && state == 2) {
        return;
      }
      if (state != null && state == 1) {
        List<String> cycle = new ArrayList<>(stack.subList(stack.indexOf(name), stack.size()));
        if (cycle.size() > 1 && reported.add(new HashSet<>(cycle))) {
          cycle.add(name);
          add(
              "spec.systems[" + systemPosition.get(cycle.get(0)) + "].dependsOn",
              "dependency cycle " + String.join(" → ", cycle),
              "no system in a cycle could ever start");
        }
        return;
      }
      Integer position = systemPosition.get(name);
      if (position == null) {
        return;
      }
      color.put(name, 1);
      stack.add(name);
      for (String dependency : spec.systems().get(position).dependsOn()) {
        if (!dependency.equals(name)) {
          visit(spec, dependency, color, stack, reported);
        }
      }
      stack.remove(stack.size() - 1);
      color.put(name, 2);
    }

    private void checkBudget(FleetSpec spec) {
      FailureBudget budget = spec.failureBudget();
      if (budget == null) {
        return;
      }
      if (budget.maxRollbacks() != null && budget.maxRollbacks() < 0) {
        add("spec.failureBudget.maxRollbacks", "must be 0 or more", null);
      }
      if (budget.maxFailures() != null && budget.maxFailures() < 0) {
        add("spec.failureBudget.maxFailures", "must be 0 or more", null);
      }
      if (budget.minSuccessRate() != null
          && (budget.minSuccessRate() < 0 || budget.minSuccessRate() > 1)) {
        add("spec.failureBudget.minSuccessRate", "must be between 0 and 1", "0.8 means 80 %");
      }
      if (budget.onSpent() != null
          && !FailureBudget.HALT.equals(budget.onSpent())
          && !FailureBudget.ROLLBACK_WAVE.equals(budget.onSpent())) {
        add(
            "spec.failureBudget.onSpent",
            "'" + budget.onSpent() + "' is not one of halt, rollbackWave",
            null);
      }
      if (budget.rollsBackWave() && spec.rollbackTemplate() == null) {
        add(
            "spec.rollbackTemplate",
            "required when failureBudget.onSpent is rollbackWave",
            "a Migration spec that returns one system to its old state");
      }
    }

    private void checkExpansion(FleetSpec spec, MigrationSpec template, String prefix) {
      Map<String, List<String>> unknownBySpot = new LinkedHashMap<>();
      for (int i = 0; i < spec.systems().size(); i++) {
        FleetSystem system = spec.systems().get(i);
        if (!isFirst(system, i)) {
          continue;
        }
        Map<String, Set<String>> unknown = new TreeMap<>();
        try {
          expand(fleet, system, template, childPlanName(fleet.name(), system.name()), unknown);
        } catch (IllegalArgumentException e) {
          add("spec.systems[" + i + "]", e.getMessage(), null);
        }
        unknown.forEach(
            (path, names) ->
                names.forEach(
                    name ->
                        unknownBySpot
                            .computeIfAbsent(
                                prefix + "." + path + "\u0000" + name, k -> new ArrayList<>())
                            .add(system.name())));
      }
      unknownBySpot.forEach(
          (key, systems) -> {
            String[] parts = key.split("\u0000");
            String who =
                systems.size() == systemPosition.size()
                    ? "any system"
                    : "system"
                        + (systems.size() > 1 ? "s " : " ")
                        + String.join(", ", systems.subList(0, Math.min(5, systems.size())))
                        + (systems.size() > 5 ? " and " + (systems.size() - 5) + " more" : "");
            add(
                parts[0],
                "unknown variable '" + parts[1] + "' for " + who,
                "define it in spec.template.vars or in the system's vars");
          });
    }

    /**
     * Whether this is the first listing of a named system (duplicates are reported once, then
     * ignored).
     */
    private boolean isFirst(FleetSystem system, int index) {
      Integer first =
          system == null || system.name() == null ? null : systemPosition.get(system.name());
      return first != null && first == index;
    }

    private String waveLabels(FleetSpec spec, List<Integer> waves) {
      List<String> names = new ArrayList<>();
      for (int w : waves) {
        names.add("'" + spec.waves().get(w).name() + "'");
      }
      return String.join(" and ", names);
    }

    private String didYouMean(String name) {
      String best = null;
      int bestDistance = Integer.MAX_VALUE;
      for (String candidate : systemPosition.keySet()) {
        int distance = distance(name, candidate);
        if (distance < bestDistance
            || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
          best = candidate;
          bestDistance = distance;
        }
      }
      return best != null && bestDistance <= Math.max(2, name.length() / 3)
          ? "did you mean '" + best + "'?"
          : null;
    }

    private static int distance(String a, String b) {
      int[] previous = new int[b.length() + 1];
      int[] current = new int[b.length() + 1];
      for (int j = 0; j <= b.length(); j++) {
        previous[j] = j;
      }
      for (int i = 1; i <= a.length(); i++) {
        current[0] = i;
        for (int j = 1; j <= b.length(); j++) {
          int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
          current[j] =
              Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        }
        int[] swap = previous;
        previous = current;
        current = swap;
      }
      return previous[b.length()];
    }

    private void add(String path, String message, String hint) {
      problems.add(new FleetProblem(path, message, hint));
    }

    private static boolean blank(String text) {
      return text == null || text.isBlank();
    }
  }
}
