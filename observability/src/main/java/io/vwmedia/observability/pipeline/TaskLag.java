package io.vwmedia.observability.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.topics.KafkaConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.SharePartitionOffsetInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauge {@code media.tasks.lag} (tags {@code topic}, {@code group}): records of a task topic not yet taken by the
 * group that works it, measured every interval. For a consumer group, end offset minus committed offset, summed
 * over partitions; for a share group (KIP-932), the broker's share-partition lag (KIP-1226: records not yet
 * acknowledged, those in a worker's hands included). What an operator watches to size the worker pools, and what
 * KEDA scales on: its Kafka scaler reads consumer groups itself, and for the share group its Prometheus scaler
 * reads this gauge.
 */
public final class TaskLag implements AutoCloseable {

  public static final String LAG = "media.tasks.lag";
  private static final Logger log = LoggerFactory.getLogger(TaskLag.class);

  private final Admin admin;
  private final Map<String, List<String>> topicsByGroup;
  private final Map<String, List<String>> topicsByShareGroup;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "vw-media-task-lag");
    t.setDaemon(true);
    return t;
  });

  /** Measures, for each consumer group and each share group, the lag on each of its topics. */
  public TaskLag(KafkaConnection kafka, Map<String, List<String>> topicsByGroup,
      Map<String, List<String>> topicsByShareGroup, MeterRegistry registry, Duration every) {
    this.admin = Admin.create(kafka.clientConfig(Map.of(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000)));
    this.topicsByGroup = Map.copyOf(topicsByGroup);
    this.topicsByShareGroup = Map.copyOf(topicsByShareGroup);
    Map<String, List<String>> all = new HashMap<>(topicsByGroup);
    all.putAll(topicsByShareGroup);
    all.forEach((group, topics) -> topics.forEach(topic -> {
      AtomicLong lag = lags.computeIfAbsent(group + "|" + topic, k -> new AtomicLong());
      Gauge.builder(LAG, lag, AtomicLong::get).description("Task records not yet taken by the group working them")
          .tag("topic", topic).tag("group", group).register(registry);
    }));
    timer.scheduleWithFixedDelay(this::measure, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  void measure() {
    try {
      for (var entry : topicsByGroup.entrySet()) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(entry.getKey()).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        var described = admin.describeTopics(entry.getValue()).allTopicNames().get(10, TimeUnit.SECONDS);
        described.forEach((topic, d) -> d.partitions().forEach(p ->
            ends.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest =
            admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS);
        Map<String, Long> sums = new HashMap<>();
        latest.forEach((tp, info) -> {
          OffsetAndMetadata c = committed.get(tp);
          long lag = Math.max(0, info.offset() - (c == null ? 0 : c.offset()));
          sums.merge(tp.topic(), lag, Long::sum);
        });
        sums.forEach((topic, lag) -> lags.get(entry.getKey() + "|" + topic).set(lag));
      }
      for (var entry : topicsByShareGroup.entrySet()) {
        measureShareGroup(entry.getKey(), entry.getValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.debug("task lag not measured this time: {}", e.toString());
    }
  }

  private void measureShareGroup(String group, List<String> topics) throws Exception {
    Map<TopicPartition, SharePartitionOffsetInfo> offsets;
    try {
      offsets = admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec()))
          .partitionsToOffsetInfo(group).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
      offsets = Map.of(); // no member has joined yet
    }
    Map<String, Long> sums = new HashMap<>();
    topics.forEach(topic -> sums.put(topic, 0L));
    offsets.forEach((tp, info) -> {
      if (info != null && sums.containsKey(tp.topic())) {
        sums.merge(tp.topic(), info.lag().orElse(0L), Long::sum);
      }
    });
    sums.forEach((topic, lag) -> lags.get(group + "|" + topic).set(lag));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    admin.close(Duration.ofSeconds(2));
  }
}
