package dev.flightplan.plan;

/**
 * One thing wrong with a plan: where ({@code spec.phases[1].steps[0].canary.weights}), what, and how to fix it. An
 * empty path means the whole document. {@code hint} may be null.
 */
public record PlanProblem(String path, String message, String hint) {

  public PlanProblem {
    path = path == null ? "" : path;
  }

  public static PlanProblem of(String path, String message) {
    return new PlanProblem(path, message, null);
  }

  /** The problem on one line, as the CLI prints it: {@code path: message (hint)}. */
  @Override
  public String toString() {
    String where = path.isEmpty() ? "" : path + ": ";
    return where + message + (hint == null ? "" : " (" + hint + ")");
  }
}
