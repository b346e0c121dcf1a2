package io.vwmedia.simulation.cluster;

import java.util.List;

/**
 * What a run measured, over the uploads that arrived in the measured window: each asset's outcome, each pool's usage,
 * the queue over time, and counts of what happened to tasks.
 */
public record RunResult(List<AssetOutcome> assets, List<PoolUsage> pools, List<QueueSample> queue, double sourceHours,
    double windowSeconds, long tasksRun, long chunkTasksRun, long crashes, long speculativeCopies, double wastedPodSeconds,
    long unfinishedAssets) {

  public double workerHoursPerAssetHour() {
    return sourceHours == 0 ? 0 : pools.stream().mapToDouble(PoolUsage::provisionedSeconds).sum() / 3600 / sourceHours;
  }
}
