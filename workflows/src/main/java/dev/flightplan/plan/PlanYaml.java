package dev.flightplan.plan;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The YAML reading shared by plan loaders: a mapper that rejects duplicate keys and unknown fields, and syntax errors
 * turned into one readable line with a line and column.
 */
public final class PlanYaml {
  private static final YAMLMapper MAPPER = newMapper();

  private PlanYaml() {}

  /** A mapper for plan YAML: duplicate keys and unknown properties are errors. */
  public static YAMLMapper newMapper() {
    return YAMLMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  static YAMLMapper mapper() {
    return MAPPER;
  }

  /** Thrown by the readers here with a message fit to show a person, and how to fix it. */
  public static final class SyntaxError extends Exception {
    private final String hint;

    public SyntaxError(String message) {
      this(message, "check indentation and quoting near that line");
    }

    public SyntaxError(String message, String hint) {
      super(message);
      this.hint = hint;
    }

    public String hint() {
      return hint;
    }
  }

  /** Reads one YAML document; an empty text gives a null node. */
  public static JsonNode readTree(String text) throws SyntaxError {
    rejectAliases(text);
    try {
      JsonNode node = MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JsonProcessingException e) {
      throw new SyntaxError(describe(e));
    }
  }

  /** Reads every {@code ---} separated document, skipping empty ones. */
  public static List<JsonNode> readDocuments(String text) throws SyntaxError {
    rejectAliases(text);
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> iterator = MAPPER.readerFor(JsonNode.class).readValues(text)) {
      while (iterator.hasNextValue()) {
        JsonNode document = iterator.nextValue();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
      return documents;
    } catch (JsonProcessingException e) {
      throw new SyntaxError(describe(e));
    } catch (java.io.IOException | RuntimeException e) {
      throw new SyntaxError("unreadable YAML: " + e.getMessage());
    }
  }

  /**
   * Jackson reads an alias ({@code *name}, also in {@code <<: *name}) as the text {@code name}, so a plan using one
   * would silently mean something else: refuse it instead.
   */
  private static void rejectAliases(String text) throws SyntaxError {
    try (YAMLParser parser = (YAMLParser) MAPPER.createParser(text)) {
      while (parser.nextToken() != null) {
        if (parser.isCurrentAlias()) {
          JsonLocation at = parser.currentTokenLocation();
          throw new SyntaxError(
              "YAML alias *" + parser.getText() + " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                  + " is not supported",
              "write the value out in full, or use a ${var} for repeated text");
        }
      }
    } catch (JsonProcessingException e) {
      throw new SyntaxError(describe(e));
    } catch (java.io.IOException | RuntimeException e) {
      throw new SyntaxError("unreadable YAML: " + e.getMessage());
    }
  }

  /** {@code YAML syntax error at line 2, column 4: mapping values are not allowed here}. */
  static String describe(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
      Mark mark = yaml.getProblemMark();
      String context = "";
      if (yaml.getContext() != null && yaml.getContextMark() != null) {
        Mark start = yaml.getContextMark();
        context =
            " (" + yaml.getContext() + " started at line " + (start.getLine() + 1) + ", column "
                + (start.getColumn() + 1) + ")";
      }
      return "YAML syntax error at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
          + yaml.getProblem() + context;
    }
    String message = e.getOriginalMessage();
    if (message.startsWith("Duplicate field")) {
      message = "duplicate key" + message.substring("Duplicate field".length());
    }
    message = message.isEmpty() ? message : message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      return "YAML syntax error at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
          + ": " + message;
    }
    return "YAML syntax error: " + message;
  }

  static boolean isScalar(JsonNode node) {
    return node != null && node.isValueNode() && !node.isNull();
  }

  /** How a node looks to a person, for "expected a list, found a string". */
  static String kindOf(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isBoolean()) {
      return "true/false";
    }
    if (node.isNumber()) {
      return "a number (" + node.asText() + ")";
    }
    String text = node.asText();
    return "a string ('" + (text.length() > 40 ? text.substring(0, 37) + "..." : text) + "')";
  }
}
