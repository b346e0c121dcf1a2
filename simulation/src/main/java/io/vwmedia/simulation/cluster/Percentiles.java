package io.vwmedia.simulation.cluster;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of a set of values (NaN values, assets never done, count as +infinity). */
public final class Percentiles {

  private final double[] sorted;

  public Percentiles(Collection<Double> values) {
    this.sorted = values.stream().mapToDouble(v -> Double.isNaN(v) ? Double.POSITIVE_INFINITY : v).sorted().toArray();
  }

  /** The p-th percentile, p in (0, 100]; NaN when there are no values. */
  public double at(double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  public double mean() {
    return Arrays.stream(sorted).average().orElse(Double.NaN);
  }

  public double max() {
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
  }

  public int count() {
    return sorted.length;
  }
}
