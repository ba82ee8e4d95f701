package dev.flightplan.cli;

import dev.flightplan.plan.FileResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the files a plan refers to (manifests, Job templates) relative to the plan file's folder.
 */
public final class PlanFiles {

  private PlanFiles() {}

  public static FileResolver relativeTo(Path planFile) {
    Path folder = planFile.toAbsolutePath().normalize().getParent();
    return reference -> {
      if (reference == null || reference.isBlank()) {
        throw new IllegalArgumentException("empty file reference");
      }
      Path file = folder.resolve(reference).normalize();
      try {
        return Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new UncheckedIOException("no file " + reference + " (looked for " + file + ")", e);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read " + reference + " (" + file + "): " + e.getMessage(), e);
      }
    };
  }
}
