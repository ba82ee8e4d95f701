package dev.flightplan.analysis;

import java.util.List;

/** Mean and nearest-rank percentiles of a set of samples, as kept by a baseline. */
public final class SampleStatistics {

  private SampleStatistics() {}

  public static BaselineValue summarize(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no samples to summarize");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double sum = 0;
    for (double value : sorted) {
      sum += value;
    }
    return new BaselineValue(
        sum / sorted.length, nearestRank(sorted, 95), nearestRank(sorted, 99), sorted.length);
  }

  /**
   * The smallest sample such that at least {@code percentile} % of the samples are at or below it.
   */
  public static double nearestRank(double[] sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }
}
