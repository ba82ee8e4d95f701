package dev.flightplan.worker;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Where settings come from: flags given on the command line first, then the environment. */
public final class ConfigSource {

  /**
   * A setting's text and where it came from ({@code --address} or {@code TEMPORAL_ADDRESS}), for
   * error messages.
   */
  public record Value(String text, String origin) {}

  private final Map<Setting, String> flags;
  private final Map<String, String> environment;

  public ConfigSource(Map<Setting, String> flags, Map<String, String> environment) {
    this.flags = flags.isEmpty() ? new EnumMap<>(Setting.class) : new EnumMap<>(flags);
    this.environment = Map.copyOf(environment);
  }

  public static ConfigSource environment(Map<String, String> environment) {
    return new ConfigSource(Map.of(), environment);
  }

  /** The setting's value when given and not blank; surrounding whitespace is dropped. */
  public Optional<Value> get(Setting setting) {
    String flagged = flags.get(setting);
    if (flagged != null && !flagged.isBlank()) {
      return Optional.of(new Value(flagged.trim(), setting.flag()));
    }
    String fromEnv = environment.get(setting.name());
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Optional.of(new Value(fromEnv.trim(), setting.name()));
    }
    return Optional.empty();
  }

  public String text(Setting setting, String fallback) {
    return get(setting).map(Value::text).orElse(fallback);
  }

  /**
   * Reads {@code true}/{@code false} (also yes/no, 1/0); anything else is a configuration error.
   */
  public Optional<Boolean> bool(Setting setting) {
    return get(setting)
        .map(
            value ->
                switch (value.text().toLowerCase(java.util.Locale.ROOT)) {
                  case "true", "yes", "1", "on" -> true;
                  case "false", "no", "0", "off" -> false;
                  default ->
                      throw new ConfigException(
                          value.origin() + " must be true or false, not '" + value.text() + "'");
                });
  }

  /** An environment variable that is not a Flightplan setting (USER, KUBERNETES_SERVICE_HOST). */
  public Optional<String> env(String name) {
    return Optional.ofNullable(environment.get(name)).filter(text -> !text.isBlank());
  }
}
