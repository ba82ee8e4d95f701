package dev.flightplan.e2e;

import java.util.List;

/** JVM options for the processes the tests start: two cores are shared by everything, so spend little on JIT. */
public final class JvmOptions {
  /** For the simulation and test workers: quick to start, light on the CPU. */
  public static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** As {@code ./flightplan worker} runs it: the JVM's defaults. */
  public static final List<String> AS_LAUNCHED = List.of();

  private JvmOptions() {}
}
