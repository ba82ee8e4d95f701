package dev.flightplan.plan;

/**
 * Reads a file a plan refers to (a manifest, a Job template). The plan module does no I/O itself: the CLI supplies a
 * resolver that reads files relative to the plan's folder, tests supply a map.
 */
@FunctionalInterface
public interface FileResolver {

  /** Returns the file's text, or throws {@link java.io.UncheckedIOException} / IllegalArgumentException naming why not. */
  String read(String path);

  static FileResolver none() {
    return path -> {
      throw new IllegalArgumentException("file references are not available here: embed the manifest inline");
    };
  }
}
