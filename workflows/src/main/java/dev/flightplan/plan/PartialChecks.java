package dev.flightplan.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lets a plan with shape errors still get its rule checks, so one run of {@code validate} lists every problem rather
 * than the rule errors only after the shape errors are fixed. It cuts each wrongly shaped field out of a copy of the
 * tree; when what is left has the right shape, it binds that and runs the rules on it, keeping only the problems that
 * do not lie on (or around) a field already reported. A shape problem that cannot be cut out cleanly (a missing
 * required field, a bad list element whose removal would renumber its siblings) leaves the rules for the next run,
 * as before.
 */
final class PartialChecks {
  private PartialChecks() {}

  /** The rule checks of one plan kind. */
  interface Rules<T> {
    void check(T plan, List<PlanProblem> errors, List<PlanProblem> warnings);
  }

  /**
   * Runs {@code rules} on {@code root} without its {@code shapeProblems}, adding to {@code errors} and {@code warnings}
   * what it finds away from those problems.
   */
  static <T> void run(
      JsonNode root,
      Class<T> type,
      List<PlanProblem> shapeProblems,
      Rules<T> rules,
      List<PlanProblem> errors,
      List<PlanProblem> warnings) {
    Optional<JsonNode> repaired = withoutProblems(root, shapeProblems, type);
    if (repaired.isEmpty()) {
      return;
    }
    List<PlanProblem> bindProblems = new ArrayList<>();
    T partial = PlanLoader.bind(repaired.get(), type, bindProblems);
    if (partial == null) {
      return;
    }
    List<PlanProblem> moreErrors = new ArrayList<>();
    List<PlanProblem> moreWarnings = new ArrayList<>();
    try {
      rules.check(partial, moreErrors, moreWarnings);
    } catch (RuntimeException incompletePlan) {
      // the rules assume a whole plan; on one with parts cut out they may trip, and then wait for the next run
      return;
    }
    moreErrors.stream().filter(problem -> clearOf(problem, shapeProblems)).forEach(errors::add);
    moreWarnings.stream().filter(problem -> clearOf(problem, shapeProblems)).forEach(warnings::add);
  }

  /** A copy of {@code root} with each problem's field removed, or empty when that does not leave a well-shaped tree. */
  static Optional<JsonNode> withoutProblems(JsonNode root, List<PlanProblem> problems, Class<?> type) {
    JsonNode copy = root.deepCopy();
    for (PlanProblem problem : problems) {
      if (!remove(copy, PlanPaths.segments(problem.path()))) {
        return Optional.empty();
      }
    }
    List<PlanProblem> left = new ArrayList<>();
    TreeValidator.validateTree(copy, type, "", left);
    return left.isEmpty() ? Optional.of(copy) : Optional.empty();
  }

  private static boolean remove(JsonNode root, List<Object> segments) {
    if (segments.isEmpty() || !(segments.get(segments.size() - 1) instanceof String key)) {
      return false;
    }
    JsonNode parent = root;
    for (Object segment : segments.subList(0, segments.size() - 1)) {
      parent = segment instanceof Integer index ? parent.path(index) : parent.path((String) segment);
    }
    if (parent.isMissingNode()) {
      // inside a field already cut out for an earlier problem
      return true;
    }
    // a field that is not there (a missing required one) cannot be cut out
    return parent instanceof ObjectNode object && object.remove(key) != null;
  }

  /**
   * Whether a rule problem is independent of the shape problems: not on or around a field that was cut out, and not
   * about a metric a cut touched (cutting out part of metric {@code health} makes references to it look wrong), nor
   * quoting the name of a cut field.
   */
  private static boolean clearOf(PlanProblem problem, List<PlanProblem> shapeProblems) {
    String text = problem.message() + "\n" + (problem.hint() == null ? "" : problem.hint());
    for (PlanProblem shape : shapeProblems) {
      if (PlanPaths.isWithin(problem.path(), shape.path()) || PlanPaths.isWithin(shape.path(), problem.path())) {
        return false;
      }
      List<Object> segments = PlanPaths.segments(shape.path());
      if (!segments.isEmpty()
          && segments.get(segments.size() - 1) instanceof String cutName
          && text.contains("'" + cutName + "'")) {
        return false;
      }
      int metrics = segments.indexOf("metrics");
      if (metrics >= 0
          && metrics + 1 < segments.size()
          && segments.get(metrics + 1) instanceof String metric
          && Pattern.compile("(?<![\\w-])" + Pattern.quote(metric) + "(?![\\w-])").matcher(text).find()) {
        return false;
      }
    }
    return true;
  }
}
