package io.vwmedia.worker;

import io.vwmedia.events.FailureClass;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topics.ChunkTaskGroup;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One taker of chunk tasks ({@link Topic#CHUNK_TASKS}) as a member of the share group {@link ChunkTaskGroup#NAME}:
 * whenever it is idle it takes the next chunk, whichever worker the others are, so no chunk waits behind a
 * straggler and a worker that joins takes work at once. It holds one record at a time under the broker's lock,
 * renews the lock every half of it while FFmpeg runs, and accepts the record only after the chunk's result is
 * written ({@link TaskOutcomeRouting}: the same results, retry topics and dead letters as a rung task).
 *
 * <p>A worker that dies holding a chunk costs only that chunk: the broker releases the record when the
 * connection closes (or when the lock runs out, for a hung worker), and another member encodes it again. A chunk
 * whose encode kills the worker every time would be redelivered until the broker archives it without a word to
 * the topology, so at its {@code maxDeliveries}-th delivery the worker does not encode it: the task goes to the
 * dead-letter topic and its FAILED result to {@code media.rendition.done}, and the asset still ends.
 */
public final class ChunkWorker implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChunkWorker.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaShareConsumer<String, byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Deserializer<RenditionTask> taskReader;
  private final TaskOutcomeRouting routing;
  private final RungTranscoder transcoder;
  private final ProgressListener progress;
  private final int maxDeliveries;
  private final String clientId;
  private final Clock clock;
  private final ExecutorService encodes;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean joined;
  private final AutoCloseable clientMetrics;

  public ChunkWorker(KafkaConnection kafka, Serde<RenditionTask> taskSerde, Serde<RenditionResult> resultSerde,
      RungTranscoder transcoder, ProgressListener progress, String clientId, RetryPolicy retries, int maxDeliveries,
      WorkerMeters meters, Clock clock, Map<String, Object> consumerOverrides) {
    if (maxDeliveries < 2 || maxDeliveries >= ChunkTaskGroup.DELIVERY_LIMIT) {
      throw new IllegalArgumentException("maxDeliveries must be between 2 and " + (ChunkTaskGroup.DELIVERY_LIMIT - 1)
          + " (below the group's share.delivery.count.limit), not " + maxDeliveries);
    }
    this.consumer = TaskClients.shareConsumer(kafka, ChunkTaskGroup.NAME, clientId, new StringDeserializer(),
        consumerOverrides);
    this.producer = TaskClients.producer(kafka, clientId);
    this.taskReader = taskSerde.deserializer();
    this.routing = new TaskOutcomeRouting(retries, resultSerde.serializer(), ChunkTaskGroup.NAME, clientId, meters);
    // Micrometer's Kafka binder knows producers, consumers and admin clients, not share consumers (1.16)
    this.clientMetrics = TaskClients.producerMetrics(meters.registry(), producer);
    this.transcoder = transcoder;
    this.progress = progress;
    this.maxDeliveries = maxDeliveries;
    this.clientId = clientId;
    this.clock = clock;
    this.encodes = TaskClients.workThread(clientId + "-encode");
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topic.CHUNK_TASKS.topicName()));
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          handle(record);
        }
        joined = true;
      }
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      encodes.shutdownNow();
      TaskClients.closeQuietly(clientMetrics);
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
      stopped.complete(null);
    }
  }

  /** One chunk task: read, encoded (or refused), its outcome written, and only then accepted. */
  private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
    try {
      RenditionTask task;
      try {
        task = record.value() == null ? null : taskReader.deserialize(record.topic(), record.headers(), record.value());
      } catch (RuntimeException e) {
        log.error("unreadable chunk task at offset {}, sent to the dead-letter topic: {}", record.offset(), e.getMessage());
        producer.send(routing.unreadable(record, e)).get();
        acknowledge(record, AcknowledgeType.ACCEPT);
        return;
      }
      if (task == null) {
        acknowledge(record, AcknowledgeType.ACCEPT);
        return;
      }
      int delivery = record.deliveryCount().map(Short::intValue).orElse(1);
      RenditionResult result;
      ConsumerRecord<String, byte[]> held = record;
      if (delivery >= maxDeliveries) {
        result = lostTooOften(task, delivery);
      } else {
        Future<List<RenditionResult>> encode = encodes.submit(() -> transcoder.transcodeGroup(List.of(task), progress));
        Held<List<RenditionResult>> done = holdWhile(encode, record);
        if (done == null) {
          return; // shutting down: released for another worker
        }
        result = done.value().get(0);
        held = done.record();
      }
      List<Future<?>> sent = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> out : routing.route(result, held, System.currentTimeMillis())) {
        sent.add(producer.send(out));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      acknowledge(held, AcknowledgeType.ACCEPT);
    } catch (ExecutionException e) {
      throw new KafkaException("could not write the result of chunk task at offset " + record.offset(), e.getCause());
    }
  }

  /**
   * Waits for {@code work}, renewing the record's lock every half of it ({@code AcknowledgeType.RENEW}); the client
   * hands a renewed record back on a later poll, and that one is acknowledged next. Null when the worker is
   * stopping: the work is cancelled and the record released at once for another member.
   */
  private <T> Held<T> holdWhile(Future<T> work, ConsumerRecord<String, byte[]> record)
      throws InterruptedException, ExecutionException {
    long lockMs = consumer.acquisitionLockTimeoutMs().orElse((int) ChunkTaskGroup.LOCK.toMillis());
    long renewedAt = System.currentTimeMillis();
    ConsumerRecord<String, byte[]> held = record;
    while (true) {
      try {
        return new Held<>(work.get(POLL.toMillis(), TimeUnit.MILLISECONDS), held);
      } catch (TimeoutException e) {
        if (!running.get()) {
          work.cancel(true);
          acknowledge(held, AcknowledgeType.RELEASE);
          return null;
        }
        if (System.currentTimeMillis() - renewedAt > lockMs / 2) {
          held = renew(held, Duration.ofMillis(lockMs / 2));
          renewedAt = System.currentTimeMillis();
        }
      }
    }
  }

  /**
   * Extends the lock on the record in hand and polls until the client hands it back. Nothing else can come with it
   * ({@code record_limit}, one record); should anything, it is released untouched for another member.
   */
  private ConsumerRecord<String, byte[]> renew(ConsumerRecord<String, byte[]> held, Duration within) {
    consumer.acknowledge(held, AcknowledgeType.RENEW);
    consumer.commitSync();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      ConsumerRecord<String, byte[]> renewed = null;
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        if (r.partition() == held.partition() && r.offset() == held.offset() && r.topic().equals(held.topic())) {
          renewed = r;
        } else {
          acknowledge(r, AcknowledgeType.RELEASE);
        }
      }
      if (renewed != null) {
        return renewed;
      }
    }
    throw new KafkaException("the lock on chunk task at offset " + held.offset() + " was renewed but the record did not"
        + " come back within " + within.toMillis() + " ms");
  }

  private void acknowledge(ConsumerRecord<String, byte[]> record, AcknowledgeType type) {
    consumer.acknowledge(record, type);
    consumer.commitSync();
  }

  /** The result of a chunk that every worker before this one died holding: not encoded a fifth time. */
  private RenditionResult lostTooOften(RenditionTask task, int delivery) {
    log.error("{}/{} chunk {}: delivery {}, every worker before died or hung holding it; not encoded again",
        task.getAssetId(), task.getRung().getName(), task.getChunk().getIndex(), delivery);
    return FailureClasses.failedResult(task, clientId, "chunk " + task.getChunk().getIndex() + " delivered " + delivery
            + " times: the worker holding it stopped each time (killed, out of memory, hung) before writing a result",
        FailureClass.ENCODER, clock.instant()).build();
  }

  /** Whether the worker has joined its share group (it has polled once). */
  public boolean joined() {
    return joined && running.get();
  }

  /** Stops taking chunks; an encode in flight is stopped and its record released for another member. */
  @Override
  public void close() {
    TaskClients.stop(running, consumer::wakeup, stopped, log);
  }

  private record Held<T>(T value, ConsumerRecord<String, byte[]> record) {}
}
