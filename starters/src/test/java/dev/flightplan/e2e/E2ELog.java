package dev.flightplan.e2e;

import java.time.LocalTime;

/** Progress lines of a scenario, with the time, in the test's output (target/surefire-reports/*-output.txt). */
final class E2ELog {
  private E2ELog() {}

  static void say(String format, Object... args) {
    System.out.println(LocalTime.now() + " e2e: " + String.format(format, args));
  }
}
