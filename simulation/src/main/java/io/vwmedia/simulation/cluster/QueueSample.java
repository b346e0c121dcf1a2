package io.vwmedia.simulation.cluster;

import java.util.Map;

/** The queue and the pools at one moment: records waiting, tasks running, replicas per pool. */
public record QueueSample(double time, int waiting, int running, Map<String, Integer> replicas) {}
