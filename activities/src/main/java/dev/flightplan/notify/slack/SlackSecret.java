package dev.flightplan.notify.slack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Slack token or signing secret taken from the environment: the variable itself ({@code SLACK_BOT_TOKEN}) or a
 * file named by its {@code _FILE} variant ({@code SLACK_BOT_TOKEN_FILE}, as Docker and Kubernetes secrets mount them).
 * The file is read on every {@link #get()} so a rotated secret is picked up without a restart. The value never
 * appears in {@link #toString()} or in an error message.
 */
public final class SlackSecret implements Supplier<String> {

  private final String name;
  private final String value;
  private final Path file;

  private SlackSecret(String name, String value, Path file) {
    this.name = name;
    this.value = value;
    this.file = file;
  }

  public static SlackSecret fromEnvironment(String name) {
    return fromEnvironment(name, System.getenv());
  }

  public static SlackSecret fromEnvironment(String name, Map<String, String> env) {
    String direct = env.get(name);
    if (direct != null && !direct.isBlank()) {
      return new SlackSecret(name, direct.trim(), null);
    }
    String path = env.get(name + "_FILE");
    return new SlackSecret(name, null, path == null || path.isBlank() ? null : Path.of(path.trim()));
  }

  /** A secret given directly, for tests and for callers that read it from somewhere else. */
  public static SlackSecret of(String name, String value) {
    return new SlackSecret(name, value, null);
  }

  public String name() {
    return name;
  }

  public boolean isPresent() {
    return value != null || file != null;
  }

  @Override
  public String get() {
    if (value != null) {
      return value;
    }
    if (file == null) {
      throw new IllegalStateException(name + " is not set: set " + name + " or " + name + "_FILE");
    }
    try {
      String read = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (read.isEmpty()) {
        throw new IllegalStateException(name + "_FILE " + file + " is empty");
      }
      return read;
    } catch (IOException e) {
      throw new UncheckedIOException(name + "_FILE " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SlackSecret[" + name + (isPresent() ? ", set" : ", not set") + "]";
  }
}
