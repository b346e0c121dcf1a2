package io.vwmedia.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of rung tasks: takes the tasks one poll brings (up to {@code vw.worker.rungs-per-encode}), encodes
 * the rungs of each source together, writes their results, and only then commits them. An encode can run for
 * many minutes, so while it runs the worker pauses its partitions and keeps polling: it stays in its consumer
 * group without fetching more work. A task whose result was not written is handed back and encoded again by
 * whichever worker gets its partition.
 *
 * <p>What cannot be done is never left blocking a partition. A task whose bytes cannot be read goes to {@code
 * media.rendition.tasks-dlt} at once. A rung that failed for a reason that may pass (a killed or hung encode, an I/O
 * error) goes to the next retry topic ({@link RetryPolicy}), consumed from once its delay has passed while the main
 * topic carries on; after the last attempt, or at once for a failure that would only repeat (a source FFmpeg cannot
 * decode), the task goes to the dead-letter topic with the reason in Kafka Connect's error headers and its FAILED
 * result to {@code media.rendition.done}, so the asset still ends, degraded or failed ({@link TaskOutcomeRouting}).
 */
public final class RenditionWorker implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RenditionWorker.class);
  public static final String GROUP_ID = "vw-media-worker";
  private static final Duration POLL = Duration.ofMillis(200);
  /** How long a commit is retried while the group rebalances, as long as the partitions stay this worker's. */
  private static final Duration COMMIT_THROUGH_REBALANCE = Duration.ofSeconds(30);

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Deserializer<RenditionTask> taskReader;
  private final TaskOutcomeRouting routing;
  private final RungTranscoder transcoder;
  private final ProgressListener progress;
  /** What an encode has stored so far, sent by this worker's producer so it comes before the rung's result. */
  private final LiveReports live;
  private final RetryPolicy retries;
  private final SourceEncodes encodes;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  /** Retry-topic partitions paused until their next task is due, and when that is (epoch ms). */
  private final Map<TopicPartition, Long> backingOff = new HashMap<>();
  private volatile boolean busy;
  private volatile boolean joined;
  private final AutoCloseable clientMetrics;

  public RenditionWorker(
      KafkaConnection kafka,
      Serde<RenditionTask> taskSerde,
      Serde<RenditionResult> resultSerde,
      RungTranscoder transcoder,
      ProgressListener progress,
      String clientId,
      RetryPolicy retries) {
    this(kafka, taskSerde, resultSerde, transcoder, progress, clientId, retries, Map.of(),
        new WorkerMeters(new SimpleMeterRegistry()));
  }

  /**
   * As above, with consumer settings on top of the worker's own (e.g. a shorter {@code max.poll.interval.ms}), and
   * the process's meters (the worker's and its Kafka clients' own).
   */
  public RenditionWorker(
      KafkaConnection kafka,
      Serde<RenditionTask> taskSerde,
      Serde<RenditionResult> resultSerde,
      RungTranscoder transcoder,
      ProgressListener progress,
      String clientId,
      RetryPolicy retries,
      Map<String, Object> consumerOverrides,
      WorkerMeters meters) {
    this.consumer = TaskClients.consumer(kafka, GROUP_ID, clientId, transcoder.rungsPerEncode(),
        new StringDeserializer(), consumerOverrides);
    this.producer = TaskClients.producer(kafka, clientId);
    this.taskReader = taskSerde.deserializer();
    this.routing = new TaskOutcomeRouting(retries, resultSerde.serializer(), clientId, meters);
    this.clientMetrics = TaskClients.clientMetrics(meters.registry(), consumer, producer);
    this.transcoder = transcoder;
    this.progress = progress;
    this.live = encoding -> producer.send(routing.progress(encoding), (metadata, error) -> {
      if (error != null) {
        log.warn("live segments of {}/{} not reported: {}", encoding.getAssetId(), encoding.getRung().getName(),
            error.toString());
      }
    });
    this.retries = retries;
    this.encodes = new SourceEncodes(transcoder, clientId + "-encode");
  }

  @Override
  public void run() {
    try {
      List<String> topics = new ArrayList<>();
      topics.add(Topic.RENDITION_TASKS.topicName());
      topics.addAll(retries.retryTopics(Topic.RENDITION_TASKS));
      consumer.subscribe(topics, new PauseWhileBusy());
      while (running.get()) {
        resumeDue();
        ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
        if (!records.isEmpty()) {
          handle(records);
        }
      }
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      encodes.close();
      TaskClients.closeQuietly(clientMetrics);
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      producer.close(Duration.ofSeconds(5));
      stopped.complete(null);
    }
  }

  /**
   * Encodes what one poll brought, source by source, in the order it came. After each source the offsets that
   * are safe are committed: per partition, up to the first task not yet done, so a crash loses no task. A source's
   * encodes may run at once ({@link SourceEncodes}); their results are written, and committed, in order.
   */
  private void handle(ConsumerRecords<String, byte[]> raw) throws InterruptedException {
    Map<RenditionTask, ConsumerRecord<String, byte[]>> origin = new IdentityHashMap<>();
    PolledTasks polled;
    busy = true;
    consumer.pause(consumer.assignment());
    try {
      polled = new PolledTasks(readable(raw, origin));
      for (List<ConsumerRecord<String, RenditionTask>> source : polled.bySource()) {
        List<List<RenditionTask>> groups = transcoder.encodes(source.stream().map(ConsumerRecord::value).toList());
        for (SourceEncodes.Encode encode : encodes.inOrder(groups, t -> stillOwned(origin.get(t)), progress, live)) {
          List<RenditionResult> results = KeepPolling.await(encode.results(), consumer, running::get, POLL);
          if (results == null) {
            return; // shutting down: tasks not committed are encoded again (the encodes still running are stopped)
          }
          List<Future<?>> sent = new ArrayList<>();
          for (int i = 0; i < results.size(); i++) {
            for (var record : routing.route(results.get(i), origin.get(encode.tasks().get(i)), System.currentTimeMillis())) {
              sent.add(producer.send(record));
            }
          }
          for (Future<?> f : sent) {
            f.get();
          }
          polled.done(source.stream().filter(r -> encode.tasks().contains(r.value())).toList());
          commit(polled.committable());
        }
      }
      commit(polled.committable()); // tombstones and unreadable values only
    } catch (ExecutionException e) {
      throw new KafkaException("could not write the results of this poll", e.getCause());
    } finally {
      busy = false;
      Set<TopicPartition> resume = new HashSet<>(consumer.paused());
      resume.removeAll(backingOff.keySet());
      consumer.resume(resume);
    }
  }

  /**
   * The records of a poll as tasks. A retry-topic record not yet due stops its partition here: the partition is
   * rewound to it and paused until then. A value that cannot be read is sent to the dead-letter topic and kept as
   * a record with no task, so its offset is committed.
   */
  private List<ConsumerRecord<String, RenditionTask>> readable(
      ConsumerRecords<String, byte[]> raw, Map<RenditionTask, ConsumerRecord<String, byte[]>> origin)
      throws InterruptedException, ExecutionException {
    List<ConsumerRecord<String, RenditionTask>> readable = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (ConsumerRecord<String, byte[]> r : raw) {
      TopicPartition partition = new TopicPartition(r.topic(), r.partition());
      if (backingOff.containsKey(partition)) {
        continue;
      }
      long due = TaskOutcomeRouting.dueAt(r);
      if (due > now) {
        consumer.seek(partition, r.offset());
        backingOff.put(partition, due);
        continue;
      }
      RenditionTask task = null;
      if (r.value() != null) {
        try {
          task = taskReader.deserialize(r.topic(), r.headers(), r.value());
          origin.put(task, r);
        } catch (RuntimeException e) {
          log.error("unreadable task at {} offset {}, sent to the dead-letter topic: {}", partition, r.offset(), e.getMessage());
          producer.send(routing.unreadable(r, e)).get();
        }
      }
      readable.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(), task));
    }
    return readable;
  }

  private boolean stillOwned(ConsumerRecord<String, byte[]> record) {
    return consumer.assignment().contains(new TopicPartition(record.topic(), record.partition()));
  }

  private void resumeDue() {
    if (busy || backingOff.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    List<TopicPartition> due = backingOff.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList();
    due.forEach(backingOff::remove);
    consumer.resume(due.stream().filter(consumer.assignment()::contains).toList());
  }

  /**
   * Commits these offsets. A rebalance in progress only delays the commit (poll, then retry); a partition now
   * owned by another worker cannot be committed here: that worker encodes the task again and the aggregator
   * keeps the first result.
   */
  private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    long deadline = System.nanoTime() + COMMIT_THROUGH_REBALANCE.toNanos();
    Map<TopicPartition, OffsetAndMetadata> owned = new HashMap<>(offsets);
    owned.keySet().retainAll(consumer.assignment());
    while (!owned.isEmpty()) {
      try {
        consumer.commitSync(owned);
        return;
      } catch (RebalanceInProgressException e) {
        if (System.nanoTime() > deadline) {
          log.warn("could not commit {} through a rebalance within {} s: {}", owned,
              COMMIT_THROUGH_REBALANCE.toSeconds(), e.getMessage());
          return;
        }
        // completes the rebalance (partitions stay paused while busy); a slow one under load can take seconds, and
        // giving up would hand back tasks whose results are written, to be encoded a second time
        consumer.poll(Duration.ofMillis(100));
        owned.keySet().retainAll(consumer.assignment());
      } catch (KafkaException e) {
        log.warn("could not commit {}: {}", owned, e.getMessage());
        return;
      }
    }
  }

  /**
   * Partitions assigned while an encode runs are paused too, so the worker takes one task at a time; a partition
   * taken away is no longer waited on.
   */
  private final class PauseWhileBusy implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      partitions.forEach(backingOff::remove);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(backingOff::remove);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      joined = true;
      if (busy) {
        consumer.pause(partitions);
      }
    }
  }

  /** Whether the worker has joined its consumer group (it has had an assignment, possibly empty). */
  public boolean joined() {
    return joined && running.get();
  }

  /** Stops taking tasks; an encode in flight is stopped and its task handed back uncommitted. */
  @Override
  public void close() {
    TaskClients.stop(running, consumer, stopped, log);
  }
}
