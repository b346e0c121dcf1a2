package io.vwmedia.topics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The share group (KIP-932) the workers take chunk tasks ({@link Topic#CHUNK_TASKS}) through, and the group settings
 * it needs on the broker: declared once here, applied by {@link TopicInstaller} at start-up. A share group starts at
 * the end of its topic and reads uncommitted records unless told otherwise; the topology writes chunk tasks in
 * transactions, so the group reads committed ones only, from the beginning. Why share groups for chunks and what
 * was measured: {@code docs/share-groups.md}.
 */
public final class ChunkTaskGroup {

  private ChunkTaskGroup() {}

  public static final String NAME = "vw-media-chunk-worker";

  /**
   * How long a worker holds a chunk task before the broker gives it to another: a worker renews it every half of
   * this while it encodes, so a hung worker costs one lock, not an encode.
   */
  public static final Duration LOCK = Duration.ofSeconds(30);

  /**
   * Deliveries after which the broker archives a record for good (the group's {@code share.delivery.count.limit}).
   * The workers dead-letter a task one delivery before, so no task is archived without its asset being told.
   */
  public static final int DELIVERY_LIMIT = 5;

  /** The group's settings, as {@code kafka-configs --entity-type groups} would set them. */
  public static Map<String, String> configs() {
    return Map.of(
        "share.auto.offset.reset", "earliest",
        "share.isolation.level", "read_committed",
        "share.record.lock.duration.ms", Long.toString(LOCK.toMillis()),
        "share.delivery.count.limit", Integer.toString(DELIVERY_LIMIT));
  }

  /**
   * Sets the group's settings on the cluster. A cluster without share groups (Kafka before 4.2, or {@code
   * share.version} not finalized) is refused here, at start-up, rather than leaving chunk tasks nobody takes.
   */
  public static void configure(Admin admin, Duration timeout) throws InterruptedException {
    ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, NAME);
    List<AlterConfigOp> ops = configs().entrySet().stream()
        .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
        .toList();
    try {
      admin.incrementalAlterConfigs(Map.of(group, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("could not configure share group " + NAME + " for " + Topic.CHUNK_TASKS.topicName()
          + " (" + cause + "): chunk tasks need a cluster with share groups, Kafka 4.2 or later with share.version=1"
          + " finalized (kafka-features upgrade --feature share.version=1)", cause);
    }
  }
}
