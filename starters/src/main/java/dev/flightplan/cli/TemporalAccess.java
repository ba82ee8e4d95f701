package dev.flightplan.cli;

import dev.flightplan.worker.TemporalConnection;
import dev.flightplan.worker.TemporalSettings;
import java.time.Duration;

/** Opens a session with Temporal. Tests hand the CLI their in-process server instead. */
@FunctionalInterface
public interface TemporalAccess {

  /**
   * Throws {@link dev.flightplan.worker.TemporalUnreachableException} when the server does not
   * answer.
   */
  TemporalSession open(TemporalSettings settings);

  /**
   * The real thing: a gRPC connection, checked with a short deadline so an unreachable server fails
   * fast.
   */
  static TemporalAccess connecting() {
    return settings -> {
      TemporalConnection connection = TemporalConnection.open(settings);
      try {
        connection.checkReachable(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        connection.close();
        throw e;
      }
      return new TemporalSession(
          settings.address(),
          connection.stubs(),
          connection.client(),
          connection::operatorStubs,
          connection::close);
    };
  }
}
