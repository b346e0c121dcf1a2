package io.vwmedia.worker.probe;

import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.events.ProbeResult;
import io.vwmedia.events.ProbeTask;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.KeepPolling;
import io.vwmedia.worker.TaskClients;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of probe tasks: takes one task at a time from {@code media.probe.tasks}, answers it with {@link
 * SourceProbing} (ffprobe, or the per-title probe encodes) on its own thread while the consumer keeps polling with
 * its partitions paused, writes the {@link ProbeResult} to {@code media.probe.done}, and only then commits the task.
 * A worker that dies mid-probe leaves the task to be probed again; the topology takes the first answer. A task whose
 * bytes cannot be read goes to {@code media.probe.tasks-dlt} as it is.
 */
public final class ProbeWorker implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProbeWorker.class);
  public static final String GROUP_ID = "vw-media-probe-worker";
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Deserializer<ProbeTask> taskReader;
  private final Serializer<ProbeResult> resultWriter;
  private final SourceProbing probing;
  private final String clientId;
  private final ExecutorService probes;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean busy;
  private final AutoCloseable clientMetrics;

  public ProbeWorker(KafkaConnection kafka, Serde<ProbeTask> taskSerde, Serde<ProbeResult> resultSerde,
      SourceProbing probing, String clientId, Map<String, Object> consumerOverrides, MeterRegistry meters) {
    this.consumer = TaskClients.consumer(kafka, GROUP_ID, clientId, 1, new ByteArrayDeserializer(),
        consumerOverrides);
    this.producer = TaskClients.producer(kafka, clientId);
    this.taskReader = taskSerde.deserializer();
    this.resultWriter = resultSerde.serializer();
    this.probing = probing;
    this.clientId = clientId;
    this.probes = TaskClients.workThread(clientId + "-probe");
    this.clientMetrics = TaskClients.clientMetrics(meters, consumer, producer);
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topic.PROBE_TASKS.topicName()), new PauseWhileBusy());
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
          if (!handle(record)) {
            return; // shutting down: the task, not committed, is probed again
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new KafkaException("could not write a probe result", e.getCause());
    } finally {
      probes.shutdownNow();
      TaskClients.closeQuietly(clientMetrics);
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      producer.close(Duration.ofSeconds(5));
      stopped.complete(null);
    }
  }

  /** Probes one task, writes its result, commits it; false when the worker stopped before the result was written. */
  private boolean handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException, ExecutionException {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    if (record.value() != null) {
      ProbeTask task;
      try {
        task = taskReader.deserialize(record.topic(), record.headers(), record.value());
      } catch (RuntimeException e) {
        log.error("unreadable probe task at {} offset {}, sent to the dead-letter topic: {}", partition, record.offset(), e.getMessage());
        producer.send(DeadLetters.of(record, DeadLetters.Stage.VALUE_CONVERTER, e, GROUP_ID, clientId)).get();
        commit(partition, record.offset());
        return true;
      }
      busy = true;
      consumer.pause(consumer.assignment());
      try {
        Future<ProbeResult> probe = probes.submit(() -> probing.probe(task));
        ProbeResult result = KeepPolling.await(probe, consumer, running::get, POLL);
        if (result == null) {
          return false;
        }
        String topic = Topic.PROBE_DONE.topicName();
        producer.send(new ProducerRecord<>(topic, record.key(), resultWriter.serialize(topic, result))).get();
      } finally {
        busy = false;
        consumer.resume(consumer.paused());
      }
    }
    commit(partition, record.offset());
    return true;
  }

  /**
   * Commits past this record. A partition taken away meanwhile cannot be committed here: its new owner probes the
   * task again and the topology keeps the first answer.
   */
  private void commit(TopicPartition partition, long offset) {
    try {
      consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset + 1)));
    } catch (KafkaException e) {
      log.warn("could not commit {} at {}: {}", partition, offset + 1, e.getMessage());
    }
  }

  /** Partitions assigned while a probe runs are paused too, so the worker takes one task at a time. */
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

  /** Stops taking tasks; a probe in flight is stopped and its task handed back uncommitted. */
  @Override
  public void close() {
    TaskClients.stop(running, consumer, stopped, log);
  }
}
