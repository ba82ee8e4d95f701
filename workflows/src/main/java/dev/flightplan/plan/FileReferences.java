package dev.flightplan.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replaces file references in a plan tree by the files' contents, so the workflow input is self-contained: string
 * entries of {@code apply.manifests} / {@code deploy.manifests} (a file may hold several {@code ---} documents, each
 * becoming one manifest) and a string {@code job.template} / {@code job.undo} (one document).
 *
 * <p>Walks only where the tree has the expected shape; {@link TreeValidator} reports shapes that are wrong. A reference
 * that cannot be read is reported and replaced by an empty object, so it is not reported again as a wrong type.
 */
final class FileReferences {
  private static final String RELATIVE_PATHS = "file paths are relative to the plan file";

  private final FileResolver resolver;
  private final List<PlanProblem> errors;

  /** Where embedded content came from: path in the plan tree to "k8s/x.yaml" or "k8s/x.yaml, document 2". */
  private final Map<String, String> origins = new LinkedHashMap<>();

  FileReferences(FileResolver resolver, List<PlanProblem> errors) {
    this.resolver = resolver;
    this.errors = errors;
  }

  /** Embeds every reference under {@code spec.phases}; returns where each embedded object came from. */
  Map<String, String> embed(JsonNode root) {
    return embedIn(root.path("spec"), "spec");
  }

  /**
   * Embeds every reference under {@code spec.phases} of a migration spec found at {@code specPath} (a fleet's
   * {@code spec.template}); returns where each embedded object came from, keyed by paths under {@code specPath}.
   */
  Map<String, String> embedIn(JsonNode spec, String specPath) {
    JsonNode phases = spec.path("phases");
    if (!phases.isArray()) {
      return origins;
    }
    for (int p = 0; p < phases.size(); p++) {
      JsonNode steps = phases.get(p).path("steps");
      if (!steps.isArray()) {
        continue;
      }
      for (int s = 0; s < steps.size(); s++) {
        JsonNode step = steps.get(s);
        if (!step.isObject() || step.size() != 1) {
          continue;
        }
        String kind = step.fieldNames().next();
        JsonNode body = step.get(kind);
        String bodyPath = specPath + ".phases[" + p + "].steps[" + s + "]." + kind;
        if (!body.isObject()) {
          continue;
        }
        switch (kind) {
          case "apply", "deploy" -> embedManifests((ObjectNode) body, bodyPath + ".manifests");
          case "job" -> {
            embedSingle((ObjectNode) body, "template", bodyPath);
            embedSingle((ObjectNode) body, "undo", bodyPath);
          }
          default -> {}
        }
      }
    }
    return origins;
  }

  private void embedManifests(ObjectNode body, String path) {
    JsonNode manifests = body.get("manifests");
    if (manifests == null || !manifests.isArray()) {
      return;
    }
    ArrayNode embedded = body.arrayNode();
    for (int i = 0; i < manifests.size(); i++) {
      JsonNode entry = manifests.get(i);
      if (!entry.isTextual()) {
        embedded.add(entry);
        continue;
      }
      String file = entry.asText();
      List<JsonNode> documents = read(file, PlanPaths.index(path, i));
      if (documents == null) {
        embedded.addObject();
        continue;
      }
      for (int d = 0; d < documents.size(); d++) {
        JsonNode document = documents.get(d);
        String origin = documents.size() == 1 ? file : file + ", document " + (d + 1);
        if (!document.isObject()) {
          errors.add(
              new PlanProblem(
                  PlanPaths.index(path, i),
                  origin + " is not a Kubernetes object: found " + PlanYaml.kindOf(document),
                  "a manifest file holds one or more objects separated by ---"));
          embedded.addObject();
          continue;
        }
        origins.put(PlanPaths.index(path, embedded.size()), origin);
        embedded.add(document);
      }
    }
    body.set("manifests", embedded);
  }

  private void embedSingle(ObjectNode body, String field, String bodyPath) {
    JsonNode entry = body.get(field);
    if (entry == null || !entry.isTextual()) {
      return;
    }
    String file = entry.asText();
    String path = PlanPaths.field(bodyPath, field);
    List<JsonNode> documents = read(file, path);
    if (documents == null) {
      body.putObject(field);
      return;
    }
    if (documents.size() != 1 || !documents.get(0).isObject()) {
      String found = documents.size() == 1 ? PlanYaml.kindOf(documents.get(0)) : documents.size() + " documents";
      errors.add(new PlanProblem(path, file + " must hold exactly one Job, found " + found, null));
      body.putObject(field);
      return;
    }
    origins.put(path, file);
    body.set(field, documents.get(0));
  }

  /** The file's documents, or null after reporting why it could not be read. */
  private List<JsonNode> read(String file, String path) {
    String text;
    try {
      text = resolver.read(file);
    } catch (RuntimeException e) {
      errors.add(new PlanProblem(path, "cannot read " + file + ": " + reason(e), RELATIVE_PATHS));
      return null;
    }
    if (text == null) {
      errors.add(new PlanProblem(path, "cannot read " + file + ": no such file", RELATIVE_PATHS));
      return null;
    }
    try {
      List<JsonNode> documents = PlanYaml.readDocuments(text);
      if (documents.isEmpty()) {
        errors.add(new PlanProblem(path, file + " is empty", null));
        return null;
      }
      return documents;
    } catch (PlanYaml.SyntaxError e) {
      errors.add(new PlanProblem(path, file + ": " + e.getMessage(), e.hint()));
      return null;
    }
  }

  private static String reason(RuntimeException e) {
    Throwable cause = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof NoSuchFileException) {
      return "no such file";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
