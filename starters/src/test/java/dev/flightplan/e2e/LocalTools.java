package dev.flightplan.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the programs the end-to-end tests drive: the {@code temporal} CLI, Chromium and its driver. */
public final class LocalTools {
  public static final String TEMPORAL = "temporal";
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private LocalTools() {}

  /** An executable by name on the PATH. */
  public static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isBlank()) {
        continue;
      }
      Path candidate = Path.of(folder, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** An executable at a fixed place, as Debian installs it. */
  public static Optional<Path> at(Path executable) {
    return Files.isExecutable(executable) ? Optional.of(executable) : Optional.empty();
  }

  /** Under {@code CI=true} a missing tool fails the build; on a developer's machine it skips the test. */
  public static boolean missingToolsFail() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }
}
