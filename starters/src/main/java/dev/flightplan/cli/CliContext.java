package dev.flightplan.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * What the commands take from the outside world; tests replace any part of it. {@code queryTimeout}
 * bounds how long a status query may wait for a worker to answer.
 */
public record CliContext(
    Map<String, String> environment,
    TemporalAccess temporal,
    PlanSource plans,
    Clock clock,
    Duration queryTimeout) {

  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(10);

  public CliContext(
      Map<String, String> environment, TemporalAccess temporal, PlanSource plans, Clock clock) {
    this(environment, temporal, plans, clock, DEFAULT_QUERY_TIMEOUT);
  }

  public static CliContext system() {
    return new CliContext(
        System.getenv(), TemporalAccess.connecting(), new LoaderPlanSource(), Clock.systemUTC());
  }

  public CliContext withEnvironment(Map<String, String> environment) {
    return new CliContext(environment, temporal, plans, clock, queryTimeout);
  }

  public CliContext withTemporal(TemporalAccess temporal) {
    return new CliContext(environment, temporal, plans, clock, queryTimeout);
  }

  public CliContext withPlans(PlanSource plans) {
    return new CliContext(environment, temporal, plans, clock, queryTimeout);
  }

  public CliContext withClock(Clock clock) {
    return new CliContext(environment, temporal, plans, clock, queryTimeout);
  }

  public CliContext withQueryTimeout(Duration queryTimeout) {
    return new CliContext(environment, temporal, plans, clock, queryTimeout);
  }
}
