package io.vwmedia.worker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vwmedia.topics.KafkaConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;

/**
 * The Kafka clients every task worker (rendition and probe) runs on, and how it stops. The consumer commits by hand,
 * only after a task's result is written; it reads only committed tasks (the topology writes them in transactions);
 * and a worker joining or leaving takes no partition from a worker that keeps it (cooperative-sticky). Values are
 * read as bytes, so a record that cannot be read can be sent on to its dead-letter topic as it is. Results go out
 * through an idempotent producer, acknowledged by every replica.
 */
public final class TaskClients {

  private TaskClients() {}

  public static <K> KafkaConsumer<K, byte[]> consumer(KafkaConnection kafka, String groupId, String clientId,
      int maxPollRecords, Deserializer<K> keys, Map<String, Object> overrides) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    c.putAll(overrides);
    return new KafkaConsumer<>(c, keys, new ByteArrayDeserializer());
  }

  /**
   * A share-group member ({@code KafkaShareConsumer}, KIP-932) that takes one record at a time and acknowledges each
   * explicitly: {@code record_limit} makes {@code max.poll.records} a hard limit, so a worker never holds a task it
   * is not encoding. Which records the group reads (committed ones, from the beginning) is the group's own setting
   * on the broker ({@code io.vwmedia.topics.ChunkTaskGroup}), not the client's.
   */
  public static <K> KafkaShareConsumer<K, byte[]> shareConsumer(KafkaConnection kafka, String groupId, String clientId,
      Deserializer<K> keys, Map<String, Object> overrides) {
    Map<String, Object> c = kafka.clientConfig();
    c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
    c.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    c.putAll(overrides);
    return new KafkaShareConsumer<>(c, keys, new ByteArrayDeserializer());
  }

  public static KafkaProducer<byte[], byte[]> producer(KafkaConnection kafka, String clientId) {
    Map<String, Object> p = kafka.clientConfig();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-results");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The one thread a worker runs its long work on (an encode, a probe) while its consumer keeps polling. */
  public static ExecutorService workThread(String name) {
    return Executors.newSingleThreadExecutor(daemon(name, () -> name));
  }

  /** Up to {@code threads} daemon threads named {@code name-1}, {@code name-2}, …, each started on first use. */
  public static ExecutorService workThreads(String name, int threads) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return Executors.newFixedThreadPool(threads, daemon(name, () -> name + "-" + n.incrementAndGet()));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name, java.util.function.Supplier<String> names) {
    return r -> {
      Thread t = new Thread(r, names.get());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Stops a worker's loop: no more tasks are taken, the consumer's poll is woken, and the loop is given 30 s to hand
   * back what it had not committed.
   */
  public static void stop(AtomicBoolean running, KafkaConsumer<?, ?> consumer, CompletableFuture<Void> stopped, Logger log) {
    stop(running, consumer::wakeup, stopped, log);
  }

  /** As above, for any client: {@code wakeup} interrupts its blocking call. */
  public static void stop(AtomicBoolean running, Runnable wakeup, CompletableFuture<Void> stopped, Logger log) {
    running.set(false);
    wakeup.run();
    try {
      stopped.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("worker did not stop within 30 s: {}", e.toString());
    }
  }

  /** Kafka's own metrics of a task worker's consumer and producer, in {@code registry}; closing unbinds them. */
  public static AutoCloseable clientMetrics(MeterRegistry registry, KafkaConsumer<?, ?> consumer,
      KafkaProducer<?, ?> producer) {
    List<KafkaClientMetrics> bound = List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
    bound.forEach(m -> m.bindTo(registry));
    return () -> bound.forEach(KafkaClientMetrics::close);
  }

  /** Kafka's own metrics of a producer alone (for a share consumer, which Micrometer's binder does not know). */
  public static AutoCloseable producerMetrics(MeterRegistry registry, KafkaProducer<?, ?> producer) {
    KafkaClientMetrics bound = new KafkaClientMetrics(producer);
    bound.bindTo(registry);
    return bound::close;
  }

  /** Closes {@code c}, ignoring what it throws: for unbinding meters on the way out. */
  public static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // nothing to do on the way out
    }
  }
}
