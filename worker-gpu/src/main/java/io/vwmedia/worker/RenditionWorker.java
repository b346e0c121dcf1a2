package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.ffmpeg.ProgressListener;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of rung tasks: takes a task, encodes it, writes the result, and only then commits the task. An
 * encode can run for many minutes, so while it runs the worker pauses its partitions and keeps polling: it
 * stays in its consumer group without fetching more work. A task whose result was not written is handed back
 * and encoded again by whichever worker gets its partition.
 */
public final class RenditionWorker implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RenditionWorker.class);
  public static final String GROUP_ID = "vw-media-worker";
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, RenditionTask> consumer;
  private final KafkaProducer<String, RenditionResult> producer;
  private final RungTranscoder transcoder;
  private final ProgressListener progress;
  private final ExecutorService encodes;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean busy;

  public RenditionWorker(
      String bootstrapServers,
      Serde<RenditionTask> taskSerde,
      Serde<RenditionResult> resultSerde,
      RungTranscoder transcoder,
      ProgressListener progress,
      String clientId) {
    this(bootstrapServers, taskSerde, resultSerde, transcoder, progress, clientId, Map.of());
  }

  /** As above, with consumer settings on top of the worker's own (e.g. a shorter {@code max.poll.interval.ms}). */
  public RenditionWorker(
      String bootstrapServers,
      Serde<RenditionTask> taskSerde,
      Serde<RenditionResult> resultSerde,
      RungTranscoder transcoder,
      ProgressListener progress,
      String clientId,
      Map<String, Object> consumerOverrides) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // tasks are written by the topology inside transactions
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // a worker joining or leaving must not take partitions away from workers that keep them
    c.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    c.putAll(consumerOverrides);
    this.consumer = new KafkaConsumer<>(c, new StringDeserializer(), taskSerde.deserializer());
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-results");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), resultSerde.serializer());
    this.transcoder = transcoder;
    this.progress = progress;
    this.encodes = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, clientId + "-encode");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topic.RENDITION_TASKS.topicName()), new PauseWhileBusy());
      while (running.get()) {
        try {
          for (ConsumerRecord<String, RenditionTask> record : consumer.poll(POLL)) {
            handle(record);
          }
        } catch (RecordDeserializationException e) {
          // a task we cannot read would block its partition forever: log it and move past it
          log.error("skipping unreadable task at {} offset {}: {}", e.topicPartition(), e.offset(), e.getMessage());
          consumer.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      encodes.shutdownNow();
      consumer.close(Duration.ofSeconds(5));
      producer.close(Duration.ofSeconds(5));
      stopped.complete(null);
    }
  }

  private void handle(ConsumerRecord<String, RenditionTask> record) throws InterruptedException {
    RenditionTask task = record.value();
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (task == null) {
      commit(partition, record.offset());
      return;
    }
    busy = true;
    consumer.pause(consumer.assignment());
    try {
      Future<RenditionResult> encode = encodes.submit(() -> transcoder.transcode(task, progress));
      RenditionResult result = awaitWhilePolling(encode);
      if (result == null) {
        return; // shutting down: the task is not committed and will be encoded again
      }
      producer.send(new ProducerRecord<>(Topic.RENDITION_DONE.topicName(), task.getAssetId(), result)).get();
      commit(partition, record.offset());
    } catch (ExecutionException e) {
      throw new KafkaException("could not write the result of " + task.getAssetId() + "/" + task.getRung().getName(), e.getCause());
    } finally {
      busy = false;
      consumer.resume(consumer.paused());
    }
  }

  private RenditionResult awaitWhilePolling(Future<RenditionResult> encode) throws InterruptedException, ExecutionException {
    while (true) {
      try {
        return encode.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!running.get()) {
          encode.cancel(true);
          return null;
        }
        // partitions are paused: this returns nothing but keeps the group membership alive
        consumer.poll(Duration.ZERO);
      }
    }
  }

  /**
   * Commits past the task. A rebalance in progress only delays the commit (poll, then retry); a partition now
   * owned by another worker cannot be committed here: that worker encodes the task again and the aggregator
   * keeps the first result.
   */
  private void commit(TopicPartition partition, long offset) {
    for (int attempt = 1; ; attempt++) {
      try {
        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
        return;
      } catch (RebalanceInProgressException e) {
        if (attempt == 20) {
          log.warn("could not commit {} offset {} through a rebalance: {}", partition, offset, e.getMessage());
          return;
        }
        consumer.poll(Duration.ofMillis(100)); // completes the rebalance; partitions stay paused while busy
      } catch (KafkaException e) {
        log.warn("could not commit {} offset {}: {}", partition, offset, e.getMessage());
        return;
      }
    }
  }

  /** Partitions assigned while an encode runs are paused too, so the worker takes one task at a time. */
  private final class PauseWhileBusy implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (busy) {
        consumer.pause(partitions);
      }
    }
  }

  /** Stops taking tasks; an encode in flight is stopped and its task handed back uncommitted. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      stopped.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("worker did not stop within 30 s: {}", e.toString());
    }
  }
}
