package io.vwmedia.simulation.engine;

import java.util.List;
import java.util.SplittableRandom;

/** The seeded random numbers of a run: the same seed gives the same run. */
public final class Rng {

  private final SplittableRandom random;

  public Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  private Rng(SplittableRandom random) {
    this.random = random;
  }

  /** An independent stream, so adding draws in one part of the model does not shift another's. */
  public Rng split() {
    return new Rng(random.split());
  }

  /** Uniform in [0, 1). */
  public double uniform() {
    return random.nextDouble();
  }

  public boolean chance(double p) {
    return p > 0 && random.nextDouble() < p;
  }

  public double exponential(double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }

  public double normal() {
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median and log-space standard deviation; sigma 0 gives the median. */
  public double lognormal(double median, double sigma) {
    return sigma == 0 ? median : median * Math.exp(sigma * normal());
  }

  public <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }
}
