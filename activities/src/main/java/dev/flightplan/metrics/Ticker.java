package dev.flightplan.metrics;

/** Time as observation windows see it: a monotonic clock and a sleep, replaceable in tests. */
public interface Ticker {

  long nowMillis();

  void sleep(long millis) throws InterruptedException;

  static Ticker system() {
    return new Ticker() {
      @Override
      public long nowMillis() {
        return System.nanoTime() / 1_000_000L;
      }

      @Override
      public void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
      }
    };
  }
}
