package dev.flightplan.plan;

/**
 * One thing wrong with a fleet plan: where ({@code spec.systems[3].dependsOn[0]}), what, and how to
 * fix it.
 */
public record FleetProblem(String path, String message, String hint) {

  @Override
  public String toString() {
    return path + ": " + message + (hint == null ? "" : " (" + hint + ")");
  }
}
