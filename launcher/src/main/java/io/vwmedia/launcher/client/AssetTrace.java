package io.vwmedia.launcher.client;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.Timings;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Where an asset's time went, as a consumer of every topic of the flow sees it: each committed record keyed by a
 * traced asset ({@code assetId}, {@code assetId/rung}, {@code assetId/rung/cNNNNN}) with the time its producer stamped
 * on it and the time it became visible here (read committed, so a transaction's records appear when it commits). Kafka
 * Streams stamps what it writes with the time of the record it came from, so only the time seen tells the topology's
 * hops apart. A rung result also says which rung and how long its encode took, a packaged record which manifest
 * version, a published one which outcome: enough to tell the encodes from what the pipeline spends around them.
 * Start it before the uploads: it reads from the end the topics had then, on its own thread, until closed.
 */
public final class AssetTrace implements AutoCloseable {

  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  /** The topics of the flow, in its order. */
  static final List<Topic> FLOW = List.of(Topic.UPLOAD_REQUESTED, Topic.PROBE_TASKS, Topic.PROBE_DONE,
      Topic.RENDITION_TASKS, Topic.CHUNK_TASKS, Topic.MANAGED_TASKS, Topic.RENDITION_DONE, Topic.ASSET_PACKAGED,
      Topic.ASSET_PUBLISHED);

  /**
   * One record an asset's flow wrote.
   *
   * @param topic the topic's name
   * @param key the record's key
   * @param at the producer's timestamp (for the topology's records: the timestamp of the record they came from)
   * @param seen when this trace's consumer got it
   * @param detail what the record says about the hop: {@code madeAt}, when its processor made it (epoch ms, as the
   *     record's own field says: a task's issue time, a result's finish, the packaging and publishing times), and
   *     {@code probeMs} of a probe result (the worker's own time probing), {@code rung}, {@code status},
   *     {@code encodeMs} of a rung result, {@code version} and {@code complete} of a packaged record, {@code status}
   *     of a published one
   */
  public record Hop(String topic, String key, Instant at, Instant seen, Map<String, Object> detail) {}

  private final TopicSerdes serdes;
  private final Set<String> assetIds;
  private final KafkaConsumer<String, byte[]> consumer;
  private final List<Hop> hops = new ArrayList<>();
  private volatile boolean closing;
  private final Thread reader;

  /** Starts tracing {@code assetIds}: what the flow's topics get from now on. */
  public AssetTrace(KafkaConnection kafka, TopicSerdes serdes, Set<String> assetIds) {
    this.serdes = serdes;
    this.assetIds = Set.copyOf(assetIds);
    Map<String, Object> c = kafka.clientConfig();
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, "vw-media-trace");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // an instrument: its fetches come back within 10 ms, so a record's "seen" time is when it became visible, however
    // the broker answers a read-committed fetch parked while a transaction was open
    c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic topic : FLOW) {
      consumer.partitionsFor(topic.topicName()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the positions now, before anything is submitted
    this.reader = new Thread(this::readUntilClosed, "vw-media-trace");
    reader.setDaemon(true);
    reader.start();
  }

  private void readUntilClosed() {
    Map<TopicPartition, Long> drainTo = null;
    long deadline = 0;
    while (true) {
      if (closing && drainTo == null) { // what was committed when close() was called is still read, then no more
        drainTo = consumer.endOffsets(consumer.assignment(), DRAIN_TIMEOUT);
        deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
      }
      if (drainTo != null && (caughtUp(drainTo) || System.nanoTime() > deadline)) {
        return;
      }
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
        Instant seen = Instant.now();
        String assetId = assetOf(r.key(), assetIds);
        if (assetId != null && r.value() != null) {
          Topic topic = FLOW.stream().filter(t -> t.topicName().equals(r.topic())).findFirst().orElseThrow();
          Hop hop = new Hop(r.topic(), r.key(), Instant.ofEpochMilli(r.timestamp()), seen, detail(topic, r.value()));
          synchronized (hops) {
            hops.add(hop);
          }
        }
      }
    }
  }

  private boolean caughtUp(Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  /** Each traced asset's hops so far, in the order they were seen. */
  public Map<String, List<Hop>> hops() {
    Map<String, List<Hop>> byAsset = new LinkedHashMap<>();
    assetIds.stream().sorted().forEach(id -> byAsset.put(id, new ArrayList<>()));
    synchronized (hops) {
      hops.stream().sorted(Comparator.comparing(Hop::seen))
          .forEach(h -> byAsset.get(assetOf(h.key(), assetIds)).add(h));
    }
    return byAsset;
  }

  /**
   * Stops reading once what the flow's topics held when it was called has been read (so the last asset's published
   * record, which the caller has just seen, is in the trace); {@link #hops()} still answers. Closing again does nothing.
   */
  @Override
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    try {
      reader.join(DRAIN_TIMEOUT.multipliedBy(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(CloseOptions.timeout(Duration.ZERO)); // no group: nothing to wait for (see PublishedWatcher#close)
  }

  private static String assetOf(String key, Set<String> assetIds) {
    if (key == null) {
      return null;
    }
    int slash = key.indexOf('/');
    String id = slash < 0 ? key : key.substring(0, slash);
    return assetIds.contains(id) ? id : null;
  }

  private Map<String, Object> detail(Topic topic, byte[] value) {
    Map<String, Object> d = new LinkedHashMap<>();
    String name = topic.topicName();
    switch (topic) {
      case PROBE_TASKS -> d.put("madeAt", serdes.probeTask().deserializer().deserialize(name, value).getIssuedAt().toEpochMilli());
      case PROBE_DONE -> {
        ProbeResult r = serdes.probeResult().deserializer().deserialize(name, value);
        d.put("probeMs", r.getDurationMs());
        d.put("madeAt", r.getFinishedAt().toEpochMilli());
      }
      case RENDITION_TASKS, CHUNK_TASKS ->
          d.put("madeAt", serdes.renditionTask().deserializer().deserialize(name, value).getIssuedAt().toEpochMilli());
      case RENDITION_DONE -> {
        RenditionResult r = serdes.renditionResult().deserializer().deserialize(name, value);
        d.put("rung", r.getChunk() == null ? r.getRung().getName() : r.getRung().getName() + "/c" + r.getChunk().getIndex());
        d.put("status", r.getStatus().name());
        d.put("encodeMs", r.getEncodeDurationMs());
        d.put("madeAt", r.getFinishedAt().toEpochMilli());
      }
      case ASSET_PACKAGED -> {
        AssetPackaged p = serdes.assetPackaged().deserializer().deserialize(name, value);
        d.put("version", p.getManifestVersion());
        d.put("complete", p.getComplete());
        Optional.ofNullable(p.getTimings().getPackagedAt()).ifPresent(t -> d.put("madeAt", t.toEpochMilli()));
      }
      case ASSET_PUBLISHED -> {
        AssetPublished p = serdes.assetPublished().deserializer().deserialize(name, value);
        d.put("status", p.getStatus().name());
        Optional.ofNullable(p.getTimings()).map(Timings::getPublishedAt).ifPresent(t -> d.put("madeAt", t.toEpochMilli()));
      }
      default -> { }
    }
    return d;
  }
}
