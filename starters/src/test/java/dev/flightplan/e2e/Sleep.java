package dev.flightplan.e2e;

/** Polling pauses between looks at another process; an interrupt ends the wait with an exception. */
final class Sleep {
  private Sleep() {}

  static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
