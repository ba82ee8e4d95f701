package dev.flightplan.kubernetes;

import io.temporal.activity.Activity;
import java.util.Optional;

/**
 * Heartbeats of the running activity, behind an interface so the waiting code also runs in plain
 * unit tests. Besides telling Temporal the activity is alive (and learning that it was cancelled:
 * {@link #beat} then throws), heartbeat details survive a retry, which is how a retried attempt
 * learns what the first one saw before it changed anything.
 */
public interface Heartbeat {

  /**
   * Records progress; throws {@code ActivityCompletionException} when the activity was cancelled.
   */
  void beat(Object details);

  /** The details of the last heartbeat of an earlier attempt of this activity, if any. */
  <T> Optional<T> previous(Class<T> type);

  /** Heartbeats of the current Temporal activity; only valid on an activity thread. */
  static Heartbeat temporal() {
    return new Heartbeat() {
      @Override
      public void beat(Object details) {
        Activity.getExecutionContext().heartbeat(details);
      }

      @Override
      public <T> Optional<T> previous(Class<T> type) {
        return Activity.getExecutionContext().getHeartbeatDetails(type);
      }
    };
  }

  /** For code running outside an activity. */
  static Heartbeat none() {
    return new Heartbeat() {
      @Override
      public void beat(Object details) {}

      @Override
      public <T> Optional<T> previous(Class<T> type) {
        return Optional.empty();
      }
    };
  }
}
