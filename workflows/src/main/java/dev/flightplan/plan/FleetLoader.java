package dev.flightplan.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns fleet plan text into a {@link FleetPlan}, or into every problem it has, with the same
 * problem shape and paths as {@link PlanLoader}. Pure: referenced files are read through the {@link
 * FileResolver} the caller supplies. Never throws for bad input.
 *
 * <p>Stages: parse the YAML; check {@code apiVersion} and {@code kind}; embed the files the
 * templates refer to; check the tree's shape against the records (the shared {@link TreeValidator},
 * so unknown fields get the same did-you-mean); bind; the fleet's own rules ({@link
 * FleetExpander#validate}); then every system's expanded plan through the migration rules ({@link
 * SemanticChecks}). Variables are not substituted at load time: the template's {@code ${var}} are
 * per system, and the expander reports those nobody defines.
 *
 * <p>A template mistake breaks every system's plan alike, so each is reported once, at its path in
 * the template ({@code spec.template.phases[1].steps[0].canary.weights}), naming the systems it
 * concerns unless it concerns them all.
 */
public final class FleetLoader {

  private static final String TEMPLATE = "template";
  private static final String ROLLBACK_TEMPLATE = "rollbackTemplate";

  /** Different messages at one template path listed before the rest are summarised. */
  private static final int MAX_VARIANTS = 3;

  private static final int MAX_NAMED_SYSTEMS = 3;

  private final FileResolver files;

  public FleetLoader(FileResolver files) {
    this.files = files;
  }

  /**
   * Whether the text is a fleet plan ({@code kind: Fleet} at the top). False for anything else,
   * including text that is not YAML, which {@link PlanLoader} then reports.
   */
  public static boolean isFleet(String yamlText) {
    try {
      JsonNode root = PlanYaml.readTree(yamlText == null ? "" : yamlText);
      return root != null
          && root.isObject()
          && PlanYaml.isScalar(root.get("kind"))
          && FleetPlan.KIND.equals(root.get("kind").asText());
    } catch (PlanYaml.SyntaxError e) {
      return false;
    }
  }

  public FleetLoadResult load(String yamlText) {
    List<PlanProblem> errors = new ArrayList<>();
    List<PlanProblem> warnings = new ArrayList<>();
    FleetPlan fleet = null;
    try {
      fleet = loadInto(yamlText, errors, warnings);
    } catch (RuntimeException unexpected) {
      errors.add(
          new PlanProblem(
              "",
              "the fleet could not be loaded: " + unexpected,
              "this is a bug in Flightplan's fleet loader; please report it with the plan"));
    }
    return new FleetLoadResult(errors.isEmpty() ? fleet : null, errors, warnings);
  }

  private FleetPlan loadInto(
      String yamlText, List<PlanProblem> errors, List<PlanProblem> warnings) {
    JsonNode root;
    try {
      root = PlanYaml.readTree(yamlText == null ? "" : yamlText);
    } catch (PlanYaml.SyntaxError e) {
      errors.add(new PlanProblem("", e.getMessage(), e.hint()));
      return null;
    }
    if (root == null) {
      errors.add(
          new PlanProblem(
              "",
              "the plan is empty",
              "a fleet starts with apiVersion: flightplan/v1, kind: Fleet"));
      return null;
    }
    if (!root.isObject()) {
      errors.add(
          new PlanProblem(
              "",
              "a fleet plan is an object with apiVersion, kind, metadata and spec, found "
                  + PlanYaml.kindOf(root),
              null));
      return null;
    }
    if (!PlanLoader.checkHeader(root, FleetPlan.KIND, errors)) {
      return null;
    }
    FileReferences references = new FileReferences(files, errors);
    Map<String, String> origins = new LinkedHashMap<>();
    for (String template : List.of(TEMPLATE, ROLLBACK_TEMPLATE)) {
      JsonNode spec = root.path("spec").path(template);
      if (spec.isObject()) {
        origins.putAll(references.embedIn(spec, "spec." + template));
      }
    }
    int embeddingErrors = errors.size();
    TreeValidator.validateTree(root, FleetPlan.class, "", errors);
    FleetPlan fleet = null;
    if (errors.isEmpty()) {
      fleet = PlanLoader.bind(root, FleetPlan.class, errors);
    }
    if (fleet != null) {
      checkRules(fleet, errors, warnings);
    } else if (errors.stream().allMatch(FleetLoader::inATemplate)) {
      // cutting out part of a system or a wave would make the rest of the fleet look wrong, so only template
      // problems are cut around; the others leave the rules for the next run
      PartialChecks.run(
          root,
          FleetPlan.class,
          List.copyOf(errors),
          FleetLoader::checkRules,
          errors,
          warnings);
    }
    PlanLoader.locate(errors.subList(embeddingErrors, errors.size()), origins);
    PlanLoader.locate(warnings, origins);
    return fleet;
  }

  private static boolean inATemplate(PlanProblem problem) {
    return PlanPaths.isWithin(problem.path(), "spec." + TEMPLATE)
        || PlanPaths.isWithin(problem.path(), "spec." + ROLLBACK_TEMPLATE);
  }

  /** The rules of a well-shaped fleet: its own, then each system's expanded migration plan's. */
  private static void checkRules(FleetPlan fleet, List<PlanProblem> errors, List<PlanProblem> warnings) {
    List<PlanProblem> fleetErrors =
        FleetExpander.validate(fleet).stream()
            .map(problem -> new PlanProblem(problem.path(), problem.message(), problem.hint()))
            .toList();
    errors.addAll(fleetErrors);
    new ExpandedPlanChecks(fleet, fleetErrors).run(errors, warnings);
  }

  /**
   * Runs the migration rules over every system's expanded plan (and rollback plan) and reports what
   * they find at the template's paths, once per distinct problem.
   */
  private static final class ExpandedPlanChecks {
    private final FleetPlan fleet;
    private final List<PlanProblem> fleetErrors;
    private final int systemCount;

    /** Problems by where they are in the template and their hint, then by message. */
    private final Map<Spot, Map<String, List<Integer>>> found = new LinkedHashMap<>();

    private record Spot(boolean warning, String template, String path, String hint) {}

    ExpandedPlanChecks(FleetPlan fleet, List<PlanProblem> fleetErrors) {
      this.fleet = fleet;
      this.fleetErrors = fleetErrors;
      this.systemCount =
          (int) fleet.spec().systems().stream().map(FleetSystem::name).distinct().count();
    }

    void run(List<PlanProblem> errors, List<PlanProblem> warnings) {
      Set<String> seen = new HashSet<>();
      List<FleetSystem> systems = fleet.spec().systems();
      for (int i = 0; i < systems.size(); i++) {
        FleetSystem system = systems.get(i);
        if (!seen.add(system.name())) {
          continue;
        }
        check(i, () -> FleetExpander.expand(fleet, system), TEMPLATE);
        if (fleet.spec().rollbackTemplate() != null) {
          check(i, () -> FleetExpander.expandRollback(fleet, system), ROLLBACK_TEMPLATE);
        }
      }
      found.forEach(
          (spot, byMessage) -> report(spot, byMessage, spot.warning() ? warnings : errors));
    }

    private interface Expansion {
      MigrationPlan plan();
    }

    private void check(int systemIndex, Expansion expansion, String template) {
      MigrationPlan plan;
      try {
        plan = expansion.plan();
      } catch (IllegalArgumentException alreadyReported) {
        // FleetExpander.validate names the system whose plan does not expand
        return;
      }
      List<PlanProblem> errors = new ArrayList<>();
      List<PlanProblem> warnings = new ArrayList<>();
      SemanticChecks.check(plan, errors, warnings);
      collect(errors, false, template, systemIndex);
      collect(warnings, true, template, systemIndex);
    }

    private void collect(
        List<PlanProblem> problems, boolean warning, String template, int systemIndex) {
      for (PlanProblem problem : problems) {
        Spot spot = new Spot(warning, template, problem.path(), problem.hint());
        found
            .computeIfAbsent(spot, s -> new LinkedHashMap<>())
            .computeIfAbsent(problem.message(), m -> new ArrayList<>())
            .add(systemIndex);
      }
    }

    private void report(
        Spot spot, Map<String, List<Integer>> byMessage, List<PlanProblem> problems) {
      if (isNameProblem(spot.path())) {
        reportName(spot, byMessage, problems);
        return;
      }
      String path = templatePath(spot.template(), spot.path());
      if (fleetErrors.stream().anyMatch(error -> PlanPaths.isWithin(path, error.path()))) {
        // the fleet's own checks found the cause here already (an unknown variable, say)
        return;
      }
      List<Map.Entry<String, List<Integer>>> variants = new ArrayList<>(byMessage.entrySet());
      if (variants.size() <= MAX_VARIANTS) {
        for (Map.Entry<String, List<Integer>> variant : variants) {
          problems.add(
              new PlanProblem(
                  path, variant.getKey() + forSystems(variant.getValue()), spot.hint()));
        }
        return;
      }
      Map.Entry<String, List<Integer>> first = variants.get(0);
      int others = variants.stream().mapToInt(variant -> variant.getValue().size()).sum() - 1;
      problems.add(
          new PlanProblem(
              path,
              first.getKey()
                  + " (for system "
                  + systemName(first.getValue().get(0))
                  + "; "
                  + others
                  + " more system"
                  + (others == 1 ? "" : "s")
                  + " likewise)",
              spot.hint()));
    }

    /**
     * A child's name is the fleet's joined to the system's: when every system's is bad the fleet's
     * name is the cause, else the systems' own.
     */
    private void reportName(
        Spot spot, Map<String, List<Integer>> byMessage, List<PlanProblem> problems) {
      List<Integer> systems = byMessage.values().stream().flatMap(List::stream).toList();
      if (systems.size() == systemCount && systemCount > 1) {
        String example = byMessage.keySet().iterator().next();
        problems.add(
            new PlanProblem(
                "metadata.name",
                "the fleet's name makes every system's migration name invalid: " + example,
                spot.hint()));
        return;
      }
      byMessage.forEach(
          (message, indexes) ->
              indexes.forEach(
                  index ->
                      problems.add(
                          new PlanProblem(
                              "spec.systems[" + index + "].name", message, spot.hint()))));
    }

    private static boolean isNameProblem(String path) {
      return PlanPaths.isWithin(path, "metadata");
    }

    /**
     * {@code spec.phases[0]} of a system's plan is {@code spec.template.phases[0]} of the fleet.
     */
    private static String templatePath(String template, String path) {
      String prefix = "spec." + template;
      if (path.isEmpty() || path.equals("spec")) {
        return prefix;
      }
      if (path.startsWith("spec.") || path.startsWith("spec[")) {
        return prefix + path.substring("spec".length());
      }
      return prefix + "." + path;
    }

    private String forSystems(List<Integer> indexes) {
      if (indexes.size() == systemCount) {
        return "";
      }
      List<String> names = indexes.stream().limit(MAX_NAMED_SYSTEMS).map(this::systemName).toList();
      int more = indexes.size() - names.size();
      return " (for system"
          + (indexes.size() == 1 ? " " : "s ")
          + String.join(", ", names)
          + (more > 0 ? " and " + more + " more" : "")
          + ")";
    }

    private String systemName(int index) {
      return fleet.spec().systems().get(index).name();
    }
  }
}
