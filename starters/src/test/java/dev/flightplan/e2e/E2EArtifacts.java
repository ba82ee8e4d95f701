package dev.flightplan.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Keeps what the processes of a test wrote (logs, the write log, screenshots) under {@code target/e2e/<test>}, so a
 * failure, in CI too, can be read after the temp folders are gone.
 */
final class E2EArtifacts {
  static final Path ROOT = Path.of("target", "e2e");

  private E2EArtifacts() {}

  static Path folderFor(String test) {
    try {
      return Files.createDirectories(ROOT.resolve(test));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Copies the logs and JSON files found in {@code from} (not its subfolders' plans) to the test's folder. */
  static void keep(Path from, String test) {
    Path to = folderFor(test);
    try (Stream<Path> files = Files.walk(from, 2)) {
      files
          .filter(Files::isRegularFile)
          .filter(file -> file.toString().endsWith(".log") || file.toString().endsWith(".jsonl") || file.toString().endsWith(".json"))
          .forEach(file -> copy(file, to.resolve(file.getFileName())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copy(Path file, Path target) {
    try {
      Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
