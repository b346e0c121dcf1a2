package io.vwmedia.simulation.cluster;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * KEDA's Kafka scaler and the HPA behind it, for one pool: desired replicas = ceil(lag / lagThreshold), capped at
 * the pool's bounds (and a consumer group's partition count), zero only after the cooldown without lag above
 * activation; scale-up at once, scale-down to the highest desired count of the stabilization window, a few pods a
 * period.
 */
final class PoolScaler {

  private final PoolSpec pool;
  private final Autoscaling timing;
  private final int maxConsumers;
  private final Deque<double[]> history = new ArrayDeque<>();
  private double lastActive = Double.NEGATIVE_INFINITY;
  private double lastScaleDown = Double.NEGATIVE_INFINITY;

  PoolScaler(PoolSpec pool, Autoscaling timing, int maxConsumers) {
    this.pool = pool;
    this.timing = timing;
    this.maxConsumers = maxConsumers;
  }

  /** The replicas to have now, given the lag and the replicas there are. */
  int target(double now, int lag, int replicas) {
    if (lag > pool.activationLag()) {
      lastActive = now;
    }
    int desired = (int) Math.ceil(lag / pool.lagThreshold());
    if (pool.min() == 0 && now - lastActive >= timing.cooldownSeconds()) {
      desired = 0;
    } else if (pool.min() == 0 && desired == 0 && lastActive > Double.NEGATIVE_INFINITY) {
      desired = 1; // active within the cooldown: KEDA keeps the deployment at its HPA's minimum, one
    }
    desired = Math.max(pool.min(), Math.min(Math.min(pool.max(), maxConsumers), desired));
    history.addLast(new double[] {now, desired});
    while (!history.isEmpty() && history.peekFirst()[0] < now - timing.stabilizationSeconds()) {
      history.pollFirst();
    }
    if (desired >= replicas) {
      return desired;
    }
    int stabilized = (int) history.stream().mapToDouble(h -> h[1]).max().orElse(desired);
    if (stabilized >= replicas || now - lastScaleDown < timing.scaleDownPeriodSeconds()) {
      return replicas;
    }
    lastScaleDown = now;
    return Math.max(stabilized, replicas - timing.scaleDownPods());
  }
}
