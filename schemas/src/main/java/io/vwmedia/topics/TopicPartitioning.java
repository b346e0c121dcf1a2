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
 */
public record TopicPartitioning(int topologyPartitions) {

  public TopicPartitioning {
    if (topologyPartitions < 0) {
      throw new IllegalArgumentException("partitions must be 1 or more (0: the catalog's), not " + topologyPartitions);
    }
  }

  /** The catalog's own partition counts: what a cluster's topics are created with. */
  public static TopicPartitioning declared() {
    return new TopicPartitioning(0);
  }

  /** One process running the topology with {@code streamThreads} stream threads (the embedded stack). */
  public static TopicPartitioning oneProcess(int streamThreads) {
    if (streamThreads < 1) {
      throw new IllegalArgumentException("stream threads must be 1 or more, not " + streamThreads);
    }
    return new TopicPartitioning(streamThreads);
  }

  /** The partitions {@code topic} is created with. */
  public int partitionsOf(Topic topic) {
    return topologyPartitions > 0 && Topic.TOPOLOGY_KEYED.contains(topic) ? topologyPartitions : topic.partitions();
  }
}
