package io.vwmedia.simulation.cluster;

/**
 * KEDA's and the HPA's timing: the lag is read every {@code pollingSeconds}; a pool scaled to zero goes back to zero
 * only {@code cooldownSeconds} after its lag was last above activation; scale-down takes the highest desired count of
 * the last {@code stabilizationSeconds} and removes at most {@code scaleDownPods} pods every
 * {@code scaleDownPeriodSeconds} (the manifests' policy).
 */
public record Autoscaling(double pollingSeconds, double cooldownSeconds, double stabilizationSeconds, int scaleDownPods,
    double scaleDownPeriodSeconds) {

  public static Autoscaling keda() {
    return new Autoscaling(30, 600, 300, 1, 120);
  }
}
