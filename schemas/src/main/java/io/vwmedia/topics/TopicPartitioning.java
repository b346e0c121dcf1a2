package io.vwmedia.topics;

/**
 * How many partitions {@link TopicInstaller} gives a catalog topic it creates. A cluster gets what the catalog
 * declares ({@link #declared}). The embedded stack runs the whole topology in one process, where a Kafka Streams task
 * per partition beyond its stream threads is only bookkeeping: each task is polled, committed and restored on its own
 * (12 tasks at the declared 6 partitions, against 2 at one). So it gives the topology's topics one partition per
 * stream thread ({@link #oneProcess}), and the task topics, which its worker consumers share, their declared count.
 * Topics that already exist keep their count either way.
 *
 * @param topologyPartitions partitions of each {@link Topic#TOPOLOGY_KEYED} topic; 0 for the catalog's own
 * @param coPartitioned partitions of each {@link Topic#CO_PARTITIONED} topic, when some of them exist already and
 *     the missing ones must match; 0 otherwise
 */
public record TopicPartitioning(int topologyPartitions, int coPartitioned) {

  public TopicPartitioning {
    if (topologyPartitions < 0 || coPartitioned < 0) {
      throw new IllegalArgumentException("partitions must be 1 or more (0: the catalog's), not "
          + Math.min(topologyPartitions, coPartitioned));
    }
  }

  /** The catalog's own partition counts: what a cluster's topics are created with. */
  public static TopicPartitioning declared() {
    return new TopicPartitioning(0, 0);
  }

  /** One process running the topology with {@code streamThreads} stream threads (the embedded stack). */
  public static TopicPartitioning oneProcess(int streamThreads) {
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be 1 or more, not " + streamThreads);
    }
    return new TopicPartitioning(streamThreads, 0);
  }

  /** The same, with the co-partitioned topics at the {@code partitions} their existing ones have. */
  public TopicPartitioning withCoPartitioned(int partitions) {
    return new TopicPartitioning(topologyPartitions, partitions);
  }

  /** The partitions {@code topic} is created with. */
  public int partitionsOf(Topic topic) {
    if (coPartitioned > 0 && Topic.CO_PARTITIONED.contains(topic)) {
      return coPartitioned;
    }
    return topologyPartitions > 0 && Topic.TOPOLOGY_KEYED.contains(topic) ? topologyPartitions : topic.partitions();
  }
}
