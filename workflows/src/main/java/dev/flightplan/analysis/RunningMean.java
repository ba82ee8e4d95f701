package dev.flightplan.analysis;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A mean built one sample at a time, small enough to travel in heartbeat details so an interrupted
 * window resumes with the samples it had.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunningMean(double sum, int samples) {

  public static final RunningMean EMPTY = new RunningMean(0, 0);

  public RunningMean plus(double value) {
    return new RunningMean(sum + value, samples + 1);
  }

  public double mean() {
    return samples == 0 ? Double.NaN : sum / samples;
  }
}
