package dev.flightplan.cli;

import java.time.Clock;
import java.util.Map;

/** What the commands take from the outside world; tests replace any part of it. */
public record CliContext(Map<String, String> environment, TemporalAccess temporal, PlanSource plans, Clock clock) {

  public static CliContext system() {
    return new CliContext(System.getenv(), TemporalAccess.connecting(), new LoaderPlanSource(), Clock.systemUTC());
  }

  public CliContext withEnvironment(Map<String, String> environment) {
    return new CliContext(environment, temporal, plans, clock);
  }

  public CliContext withTemporal(TemporalAccess temporal) {
    return new CliContext(environment, temporal, plans, clock);
  }

  public CliContext withPlans(PlanSource plans) {
    return new CliContext(environment, temporal, plans, clock);
  }

  public CliContext withClock(Clock clock) {
    return new CliContext(environment, temporal, plans, clock);
  }
}
