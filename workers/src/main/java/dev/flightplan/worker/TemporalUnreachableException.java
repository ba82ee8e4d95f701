package dev.flightplan.worker;

/**
 * Temporal cannot be used at all: not reachable, refusing our credentials, or without the namespace
 * asked for.
 */
public class TemporalUnreachableException extends RuntimeException {
  public TemporalUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
