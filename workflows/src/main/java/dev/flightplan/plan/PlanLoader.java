package dev.flightplan.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns plan text into a {@link MigrationPlan}, or into every problem it has. Pure: files the plan refers to are read
 * through the {@link FileResolver} the caller supplies. Never throws for bad input.
 *
 * <p>Stages: parse the YAML; check {@code apiVersion} and {@code kind}; embed referenced files; substitute
 * {@code ${var}}; check the tree's shape against the records ({@link TreeValidator}); bind; check the rules that span
 * fields ({@link SemanticChecks}). Each stage reports all it finds. When the shape is wrong, the rules still run on the
 * plan with the wrong fields cut out ({@link PartialChecks}), and report only what lies away from them, so one mistake
 * is not reported twice and one run lists every problem.
 */
public final class PlanLoader {
  private final FileResolver files;

  public PlanLoader(FileResolver files) {
    this.files = files;
  }

  public LoadResult load(String yamlText) {
    List<PlanProblem> errors = new ArrayList<>();
    List<PlanProblem> warnings = new ArrayList<>();
    MigrationPlan plan = null;
    try {
      plan = loadInto(yamlText, errors, warnings);
    } catch (RuntimeException unexpected) {
      errors.add(
          new PlanProblem(
              "",
              "the plan could not be loaded: " + unexpected,
              "this is a bug in Flightplan's plan loader; please report it with the plan"));
    }
    return new LoadResult(errors.isEmpty() ? plan : null, errors, warnings);
  }

  /**
   * Validates a tree against a record type, adding every problem to {@code errors}: for loaders of other plan kinds
   * (fleets) that reuse the migration records.
   */
  public static void validateTree(JsonNode node, Class<?> recordType, String path, List<PlanProblem> errors) {
    TreeValidator.validateTree(node, recordType, path, errors);
  }

  private MigrationPlan loadInto(String yamlText, List<PlanProblem> errors, List<PlanProblem> warnings) {
    JsonNode root;
    try {
      root = PlanYaml.readTree(yamlText == null ? "" : yamlText);
    } catch (PlanYaml.SyntaxError e) {
      errors.add(new PlanProblem("", e.getMessage(), e.hint()));
      return null;
    }
    if (root == null) {
      errors.add(new PlanProblem("", "the plan is empty", "a plan starts with apiVersion: flightplan/v1"));
      return null;
    }
    if (!root.isObject()) {
      errors.add(
          new PlanProblem(
              "",
              "a plan is an object with apiVersion, kind, metadata and spec, found " + PlanYaml.kindOf(root),
              null));
      return null;
    }
    if (!checkHeader(root, MigrationPlan.KIND, errors)) {
      return null;
    }
    Map<String, String> origins = new FileReferences(files, errors).embed(root);
    int embeddingErrors = errors.size();
    VariableSubstitution.apply(root, errors);
    TreeValidator.validateTree(root, MigrationPlan.class, "", errors);
    MigrationPlan plan = null;
    if (errors.isEmpty()) {
      plan = bind(root, MigrationPlan.class, errors);
    }
    if (plan != null) {
      SemanticChecks.check(plan, errors, warnings);
    } else {
      PartialChecks.run(
          root,
          MigrationPlan.class,
          List.copyOf(errors),
          SemanticChecks::check,
          errors,
          warnings);
    }
    locate(errors.subList(embeddingErrors, errors.size()), origins);
    locate(warnings, origins);
    return plan;
  }

  /**
   * Checks apiVersion and kind; false when the document is not of {@code wantedKind} at all. Shared by the migration
   * and fleet loaders, which read the same header.
   */
  static boolean checkHeader(JsonNode root, String wantedKind, List<PlanProblem> errors) {
    JsonNode apiVersion = root.get("apiVersion");
    if (PlanYaml.isScalar(apiVersion) && !MigrationPlan.API_VERSION.equals(apiVersion.asText())) {
      errors.add(
          new PlanProblem(
              "apiVersion",
              "unsupported apiVersion '" + apiVersion.asText() + "'",
              "this Flightplan reads apiVersion: " + MigrationPlan.API_VERSION));
    }
    JsonNode kind = root.get("kind");
    if (!PlanYaml.isScalar(kind) || wantedKind.equals(kind.asText())) {
      return true;
    }
    boolean fleetWanted = FleetPlan.KIND.equals(wantedKind);
    String otherKind = fleetWanted ? MigrationPlan.KIND : FleetPlan.KIND;
    if (otherKind.equals(kind.asText())) {
      errors.add(
          new PlanProblem(
              "kind",
              fleetWanted ? "migration plans are loaded with PlanLoader" : "fleet plans are loaded with FleetLoader",
              fleetWanted
                  ? "run it as a migration, not a fleet: the flightplan CLI reads both kinds"
                  : "run it as a fleet, not a migration: the flightplan CLI reads both kinds"));
    } else {
      errors.add(
          new PlanProblem(
              "kind",
              "unknown kind '" + kind.asText() + "'",
              "kind is " + MigrationPlan.KIND + " or " + FleetPlan.KIND));
    }
    return false;
  }

  /** Binds a tree the validator passed; a failure here is a validator bug, reported as a problem all the same. */
  static <T> T bind(JsonNode root, Class<T> type, List<PlanProblem> errors) {
    try {
      return PlanYaml.mapper().treeToValue(root, type);
    } catch (JsonMappingException e) {
      errors.add(
          new PlanProblem(
              pathOf(e), e.getOriginalMessage(), "the validator let this through: please report it with the plan"));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      errors.add(new PlanProblem("", e.getMessage(), "the validator let this through: please report it with the plan"));
    }
    return null;
  }

  private static String pathOf(JsonMappingException e) {
    String path = "";
    for (JsonMappingException.Reference reference : e.getPath()) {
      path =
          reference.getFieldName() != null
              ? PlanPaths.field(path, reference.getFieldName())
              : PlanPaths.index(path, reference.getIndex());
    }
    return path;
  }

  /** Names the file a problem inside embedded content came from (embedding errors name their file already). */
  static void locate(List<PlanProblem> problems, Map<String, String> origins) {
    for (int i = 0; i < problems.size(); i++) {
      PlanProblem problem = problems.get(i);
      for (Map.Entry<String, String> origin : origins.entrySet()) {
        if (PlanPaths.isWithin(problem.path(), origin.getKey())) {
          problems.set(
              i,
              new PlanProblem(
                  problem.path(), problem.message() + " (in " + origin.getValue() + ")", problem.hint()));
          break;
        }
      }
    }
  }
}
