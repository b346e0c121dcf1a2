package io.vwmedia.topology.routing;

import io.vwmedia.topics.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads how many rung tasks wait for the workers (their consumer group's lag: each partition's end offset less the
 * group's committed offset, or less the log start where the group has not committed yet) on the task topics, at a
 * fixed rate, and gives each reading to the {@link OverflowPolicy}. The same figure KEDA scales the worker pools on.
 * A reading that fails (the broker unreachable) leaves the policy's last decision as it was.
 */
public final class WorkerBacklog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WorkerBacklog.class);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final Admin admin;
  private final String group;
  private final List<String> topics;
  private final ScheduledExecutorService timer;

  private WorkerBacklog(Admin admin, String group, List<String> topics) {
    this.admin = admin;
    this.group = group;
    this.topics = List.copyOf(topics);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "worker-backlog");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts reading the lag of {@code group} on {@code topics} every {@code every} into {@code policy}. */
  public static WorkerBacklog start(KafkaConnection kafka, String group, List<String> topics, OverflowPolicy policy,
      Duration every) {
    WorkerBacklog backlog = new WorkerBacklog(Admin.create(kafka.clientConfig(Map.of("client.id", "vw-media-worker-backlog"))),
        group, topics);
    backlog.timer.scheduleWithFixedDelay(() -> backlog.sample(policy), 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return backlog;
  }

  private void sample(OverflowPolicy policy) {
    try {
      long lag = lag();
      boolean before = policy.overflowing();
      boolean now = policy.observe(lag);
      if (now != before) {
        log.info("workers' backlog {} tasks (threshold {}): new assets go to {}", lag, policy.threshold(),
            now ? "the managed leg" : "the workers");
      }
    } catch (Exception e) {
      log.warn("cannot read the workers' backlog ({}); the overflow policy keeps its last decision", e.toString());
    }
  }

  /** Tasks waiting for the group on the topics now. */
  public long lag() throws Exception {
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    described.values().forEach(d -> d.partitions().forEach(p -> {
      TopicPartition tp = new TopicPartition(d.name(), p.partition());
      latest.put(tp, OffsetSpec.latest());
      earliest.put(tp, OffsetSpec.earliest());
    }));
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all()
        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    long lag = 0;
    for (var end : ends.entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      long from = at != null ? at.offset() : starts.get(end.getKey()).offset();
      lag += Math.max(0, end.getValue().offset() - from);
    }
    return lag;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(5));
  }
}
