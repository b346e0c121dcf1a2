package io.vwmedia.topics;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The catalog of every topic vw-media owns: declared once here and used by topic creation, the topology, the
 * workers and the docs. The flow reads top to bottom: requested, probe tasks, probe done, rendition tasks (a long
 * source's chunk tasks), rendition done, packaged, published; an asset on the managed leg takes the managed-tasks topic instead of the rendition tasks.
 *
 * <p>Every topic is keyed by asset id except the task topics: rung tasks are keyed by {@code assetId/rung} so that the
 * rungs of one asset spread over the workers; chunk tasks by {@code assetId/rung/cNNNNN} on one partition that every
 * member of a share group reads ({@link ChunkTaskGroup}), so whichever worker is idle takes the next chunk, in the
 * order the planner wrote them. {@link #UPLOAD_REQUESTED}, {@link #PROBE_DONE} and {@link #RENDITION_DONE} must
 * have the same partition count: the planner and the aggregator share one state store.
 */
public enum Topic {
  UPLOAD_REQUESTED(
      "media.upload.requested",
      6,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "Upload events from producers: one per asset to process."),
  PROBE_TASKS(
      "media.probe.tasks",
      6,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "What to measure about a source before its rungs are planned (ffprobe; a per-title rate-quality probe), consumed by worker-gpu."),
  PROBE_DONE(
      "media.probe.done",
      6,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "What the workers measured, from which the topology plans the rungs."),
  RENDITION_TASKS(
      "media.rendition.tasks",
      12,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "One task per rung, consumed by worker-gpu."),
  CHUNK_TASKS(
      "media.chunk.tasks",
      1,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "One task per chunk of a long source's rung, longest first; any idle worker takes the next through the share group vw-media-chunk-worker."),
  MANAGED_TASKS(
      "media.managed.tasks",
      6,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "One task per asset routed to the managed leg (MediaConvert through Step Functions), consumed by the workers' managed-leg runner."),
  RENDITION_DONE(
      "media.rendition.done",
      6,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "One result per rung (DONE, FAILED or SKIPPED), aggregated per asset by the topology."),
  ASSET_PACKAGED(
      "media.asset.packaged",
      6,
      Cleanup.DELETE,
      Duration.ofDays(7),
      "HLS + DASH manifests written over the same CMAF segments."),
  ASSET_PUBLISHED(
      "media.asset.published",
      6,
      Cleanup.COMPACT_DELETE,
      Duration.ofDays(365),
      "The one terminal outcome per asset (PUBLISHED, DEGRADED or FAILED) with manifest locations.");

  /** How Kafka cleans a topic's log. */
  public enum Cleanup {
    DELETE("delete"),
    COMPACT_DELETE("compact,delete");

    private final String policy;

    Cleanup(String policy) {
      this.policy = policy;
    }

    public String policy() {
      return policy;
    }
  }

  /**
   * The topics the topology keeps one state store over (admission, planning, aggregation): keyed by asset id, they
   * must have one partition count, or an asset's records would land on different tasks.
   */
  public static final Set<Topic> CO_PARTITIONED = EnumSet.of(UPLOAD_REQUESTED, PROBE_DONE, RENDITION_DONE);

  /**
   * The topics keyed by asset id that the topology reads or writes, one Kafka Streams task per partition: a
   * deployment runs as many tasks as it has partitions, spread over its topology pods, but one process gains nothing
   * from more partitions than it has stream threads ({@link TopicPartitioning#oneProcess}).
   */
  public static final Set<Topic> TOPOLOGY_KEYED =
      EnumSet.of(UPLOAD_REQUESTED, PROBE_DONE, RENDITION_DONE, ASSET_PACKAGED, ASSET_PUBLISHED);

  private final String topicName;
  private final int partitions;
  private final Cleanup cleanup;
  private final Duration retention;
  private final String description;

  Topic(String topicName, int partitions, Cleanup cleanup, Duration retention, String description) {
    this.topicName = topicName;
    this.partitions = partitions;
    this.cleanup = cleanup;
    this.retention = retention;
    this.description = description;
  }

  public String topicName() {
    return topicName;
  }

  public int partitions() {
    return partitions;
  }

  public Cleanup cleanup() {
    return cleanup;
  }

  public Duration retention() {
    return retention;
  }

  public String description() {
    return description;
  }

  /** Subject of the value schema under Confluent's TopicNameStrategy. */
  public String valueSubject() {
    return topicName + "-value";
  }

  /** Topic-level configs to create the topic with. */
  public Map<String, String> configs() {
    return Map.of(
        "cleanup.policy", cleanup.policy(),
        "retention.ms", Long.toString(retention.toMillis()));
  }
}
