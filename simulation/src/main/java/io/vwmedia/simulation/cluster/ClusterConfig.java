package io.vwmedia.simulation.cluster;

import java.util.List;

/**
 * Everything about the cluster a run simulates. {@code hostCores} 0: every pod has its own cores (a cluster);
 * above 0: all pods share one machine of that many cores (this machine, for calibration). {@code coreScaling}: speed ~
 * cores^this for pods with more cores than the measuring machine; {@code sharingExponent} the same for encodes sharing
 * cores, NaN for the exponent measured with the encode speeds; {@code speedFactor} multiplies every drawn speed (the
 * share of the measuring machine's speed the pods get: 1 unless other work shares their machine).
 */
public record ClusterConfig(List<PoolSpec> pools, boolean shareGroup, int partitions, FetchOrder fetchOrder, double hostCores,
    double coreScaling, double sharingExponent, double speedFactor, double noiseSigma, Overheads overheads, Faults faults, Speculation speculation,
    Autoscaling autoscaling, double sampleSeconds) {}
