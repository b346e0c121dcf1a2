package io.vwmedia.simulation.cluster;

/**
 * What goes wrong: a fraction of tasks {@code stragglerFactor} times slower than their draw; a probability that a task's
 * pod dies at a uniformly random point of it (the task is run again once the group notices: after the consumer group's
 * session timeout, or the share group's acquisition lock timeout), up to {@code maxAttempts} runs before the rung fails.
 */
public record Faults(double stragglerFraction, double stragglerFactor, double failureProbability,
    double sessionTimeoutSeconds, double lockTimeoutSeconds, int maxAttempts) {

  public static Faults none() {
    return new Faults(0, 1, 0, 45, 30, 4);
  }
}
