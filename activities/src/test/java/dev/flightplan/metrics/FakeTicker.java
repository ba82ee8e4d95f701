package dev.flightplan.metrics;

import java.util.concurrent.atomic.AtomicLong;

/** Time that passes only when the code under test sleeps: windows of days run in milliseconds. */
final class FakeTicker implements Ticker {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Override
  public long nowMillis() {
    return now.get();
  }

  @Override
  public void sleep(long millis) {
    now.addAndGet(millis);
  }
}
