package io.vwmedia.simulation.cluster;

import io.vwmedia.simulation.model.Encoder;

/**
 * A worker pool as its Deployment and ScaledObject describe it: the encoder its pods run and the cores each gets, its
 * replica bounds, how long a new pod takes to start taking tasks (image pull, JVM, group join; for GPUs the node's
 * boot too), and KEDA's lag threshold (tasks waiting per pod) and activation threshold. min = max is a fixed pool.
 */
public record PoolSpec(String name, Encoder encoder, String preset, double cores, int min, int max, double startupSeconds,
    double lagThreshold, double activationLag) {

  public static PoolSpec fixed(String name, Encoder encoder, String preset, double cores, int pods) {
    return new PoolSpec(name, encoder, preset, cores, pods, pods, 0, 5, 0);
  }

  public boolean autoscaled() {
    return min != max;
  }
}
