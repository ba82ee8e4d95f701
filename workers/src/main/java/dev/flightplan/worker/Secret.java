package dev.flightplan.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A secret given in an environment variable ({@code SLACK_BOT_TOKEN}) or in a file named by its
 * {@code _FILE} variable ({@code SLACK_BOT_TOKEN_FILE}, as Docker and Kubernetes mount secrets). A
 * file is checked at start-up and read again on each {@link #get()}, so a rotated secret is picked
 * up without a restart. The value never appears in {@link #toString()} or in an error message.
 */
public final class Secret implements Supplier<String> {

  private final String origin;
  private final String value;
  private final Path file;

  private Secret(String origin, String value, Path file) {
    this.origin = origin;
    this.value = value;
    this.file = file;
  }

  public static Secret of(String origin, String value) {
    return new Secret(origin, value, null);
  }

  /**
   * The secret from {@code direct} or {@code file}; none when neither is set; a {@link
   * ConfigException} when both are, or when the file is missing, unreadable or empty.
   */
  public static Optional<Secret> from(ConfigSource source, Setting direct, Setting file) {
    Optional<ConfigSource.Value> given = source.get(direct);
    Optional<ConfigSource.Value> path = source.get(file);
    if (given.isPresent() && path.isPresent()) {
      throw new ConfigException(
          given.get().origin() + " and " + path.get().origin() + " are both set: choose one");
    }
    if (given.isPresent()) {
      return Optional.of(new Secret(given.get().origin(), given.get().text(), null));
    }
    if (path.isEmpty()) {
      return Optional.empty();
    }
    Secret secret =
        new Secret(path.get().origin(), null, TemporalSettings.readableFile(path.get()));
    try {
      secret.get();
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    return Optional.of(secret);
  }

  /** Where the secret comes from: the variable's name, never its value. */
  public String origin() {
    return origin;
  }

  @Override
  public String get() {
    if (value != null) {
      return value;
    }
    try {
      String read = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (read.isEmpty()) {
        throw new IllegalStateException(origin + " points to " + file + ", which is empty");
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(
          origin + " points to " + file + ", which cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "Secret[" + origin + "]";
  }
}
