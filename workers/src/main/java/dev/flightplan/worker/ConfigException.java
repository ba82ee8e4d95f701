package dev.flightplan.worker;

/**
 * A setting that is missing, malformed or contradicts another. The message is one line a person can
 * act on.
 */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
