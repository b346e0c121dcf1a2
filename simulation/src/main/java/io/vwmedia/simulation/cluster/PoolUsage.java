package io.vwmedia.simulation.cluster;

/** A pool's pod-seconds over the measured window: provisioned (asked for, starting included) and busy with a task. */
public record PoolUsage(String pool, double provisionedSeconds, double busySeconds, int peakReplicas) {

  public double utilisation() {
    return provisionedSeconds == 0 ? 0 : busySeconds / provisionedSeconds;
  }
}
