package io.vwmedia.worker;

import io.vwmedia.events.FailureClass;
import io.vwmedia.events.ManagedEncodeTask;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topics.DeadLetters;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The managed leg's runner: takes one asset's {@link ManagedEncodeTask} at a time from {@code media.managed.tasks},
 * has {@link ManagedJobs} run its job (one per asset and attempt, so a task delivered again follows the job it
 * started), brings each rung's CMAF into our layout ({@link ManagedOutputs}) and writes one {@link RenditionResult}
 * per rung to {@code media.rendition.done}, as our own workers do; only then is the task committed, and the staging
 * files removed. The aggregator, the packager and the publisher see an asset like any other.
 *
 * <p>A job that failed makes every rung FAILED with MediaConvert's code and message (ENCODER: the same input fails the
 * same way); one that ran out of time, TIMEOUT. A failure of the service around the job (throttled past the state
 * machine's retries, refused) is tried once more as attempt 2, a new job; after that its rungs are FAILED
 * (RETRYABLE). A task that cannot be read goes to the dead-letter topic. While a job runs the consumer's partitions
 * are paused and it keeps polling, so a job of hours keeps its task.
 */
public final class ManagedLegWorker implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ManagedLegWorker.class);
  public static final String GROUP_ID = "vw-media-managed-leg";
  /** Attempts of an asset on the managed leg when the service, not the job, failed. */
  static final int MAX_ATTEMPTS = 2;
  private static final Duration POLL = Duration.ofMillis(200);

  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Serde<ManagedEncodeTask> tasks;
  private final Serializer<RenditionResult> results;
  private final ManagedJobs jobs;
  private final ObjectStore store;
  private final Path workDir;
  private final String workerId;
  private final String clientId;
  private final Clock clock;
  private final ExecutorService work;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  public ManagedLegWorker(KafkaConnection kafka, Serde<ManagedEncodeTask> tasks, Serde<RenditionResult> results,
      ManagedJobs jobs, ObjectStore store, Path workDir, String workerId, Clock clock, Map<String, Object> consumerOverrides) {
    this.clientId = "vw-media-managed-leg-" + workerId.replaceAll("[^A-Za-z0-9._-]", "_");
    this.consumer = TaskClients.consumer(kafka, GROUP_ID, clientId, 1, new StringDeserializer(), consumerOverrides);
    this.producer = TaskClients.producer(kafka, clientId);
    this.tasks = tasks;
    this.results = results.serializer();
    this.jobs = jobs;
    this.store = store;
    this.workDir = workDir;
    this.workerId = workerId;
    this.clock = clock;
    this.work = TaskClients.workThread(clientId + "-job");
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topic.MANAGED_TASKS.topicName()));
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          if (!handle(record)) {
            return; // shutting down: the task is not committed and is taken up again
          }
        }
      }
    } catch (WakeupException e) {
      if (running.get()) throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new KafkaException("could not write the results of a managed job", e.getCause());
    } finally {
      work.shutdownNow();
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
      producer.close(Duration.ofSeconds(5));
      stopped.complete(null);
    }
  }

  /** One task, from reading it to committing it; false when the worker stopped first. */
  private boolean handle(ConsumerRecord<String, byte[]> record) throws InterruptedException, ExecutionException {
    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
    ManagedEncodeTask task;
    try {
      task = record.value() == null ? null : tasks.deserializer().deserialize(record.topic(), record.headers(), record.value());
    } catch (RuntimeException e) {
      log.error("unreadable managed task at {} offset {}, sent to the dead-letter topic: {}", partition, record.offset(), e.getMessage());
      producer.send(DeadLetters.of(bytesKeyed(record), DeadLetters.Stage.VALUE_CONVERTER, e, GROUP_ID, clientId)).get();
      task = null;
    }
    if (task != null) {
      consumer.pause(consumer.assignment());
      try {
        ManagedEncodeTask running = task;
        List<ProducerRecord<byte[], byte[]>> out = KeepPolling.await(work.submit(() -> outcome(running)), consumer,
            this.running::get, POLL);
        if (out == null) {
          return false;
        }
        List<Future<?>> sent = new ArrayList<>();
        out.forEach(r -> sent.add(producer.send(r)));
        for (Future<?> f : sent) {
          f.get();
        }
      } finally {
        consumer.resume(consumer.paused());
      }
    }
    consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
    if (task != null) {
      for (RenditionTask rung : task.getTasks()) {
        ManagedOutputs.clean(jobs.stagingPrefix(task, rung), store);
      }
    }
    return true;
  }

  /** What to write for the task: a result per rung, or the task again as its next attempt. */
  private List<ProducerRecord<byte[], byte[]>> outcome(ManagedEncodeTask task) throws InterruptedException {
    long started = System.nanoTime();
    log.info("asset {} attempt {} on the managed leg ({}): {}", task.getAssetId(), task.getAttempt(), task.getReason(),
        task.getTasks().stream().map(t -> t.getRung().getName()).toList());
    ManagedJobs.Outcome outcome = jobs.run(task);
    List<RenditionResult> rungs = new ArrayList<>();
    switch (outcome.ending()) {
      case SUCCEEDED -> {
        for (RenditionTask rung : task.getTasks()) {
          if (storedBefore(task, rung)) {
            log.info("{}/{} was stored by an earlier delivery of this task; its result is out", rung.getAssetId(),
                rung.getRung().getName());
            continue;
          }
          rungs.add(stored(task, rung, started));
        }
      }
      case JOB_FAILED -> task.getTasks().forEach(rung -> rungs.add(failed(rung, started, outcome, FailureClass.ENCODER)));
      case TIMED_OUT -> task.getTasks().forEach(rung -> rungs.add(failed(rung, started, outcome, FailureClass.TIMEOUT)));
      case SERVICE_FAILED -> {
        if (task.getAttempt() < MAX_ATTEMPTS) {
          log.warn("asset {}: the managed leg failed around the job ({} {}); trying attempt {}", task.getAssetId(),
              outcome.code(), outcome.message(), task.getAttempt() + 1);
          return List.of(nextAttempt(task));
        }
        task.getTasks().forEach(rung -> rungs.add(failed(rung, started, outcome, FailureClass.RETRYABLE)));
      }
    }
    String topic = Topic.RENDITION_DONE.topicName();
    return rungs.stream().map(r -> new ProducerRecord<>(topic, utf8(r.getAssetId()), results.serialize(topic, r))).toList();
  }

  /**
   * Whether a delivery of this task already stored the rung and was committed: the staging folder is removed only
   * after the commit, so an empty one beside a stored timeline means the result went out then.
   */
  private boolean storedBefore(ManagedEncodeTask task, RenditionTask rung) {
    return store.list(jobs.stagingPrefix(task, rung)).isEmpty() && store.exists(rung.getOutputPrefix() + AssetLayout.TIMELINE);
  }

  private RenditionResult stored(ManagedEncodeTask task, RenditionTask rung, long started) {
    Path scratch = workDir.resolve("managed-" + task.getAssetId() + "-" + rung.getRung().getName());
    try {
      RenditionResult result = ManagedOutputs.store(rung, jobs.stagingPrefix(task, rung), store, scratch)
          .setEncodeDurationMs((System.nanoTime() - started) / 1_000_000)
          .setFfmpegEncoder(jobs.encoderName())
          .setWorker(workerId)
          .setAttempts(task.getAttempt())
          .setFinishedAt(clock.instant())
          .build();
      log.info("{}/{} from the managed leg: {} segments, {} kbit/s average", rung.getAssetId(), rung.getRung().getName(),
          result.getSegmentCount(), result.getAverageBitrate() / 1000);
      return result;
    } catch (IOException | RuntimeException e) {
      return failed(rung, started, new ManagedJobs.Outcome(ManagedJobs.Ending.JOB_FAILED, "outputs",
          "the job's outputs cannot be used: " + e.getMessage(), null), FailureClass.ENCODER);
    } finally {
      RungTranscoder.deleteQuietly(scratch);
    }
  }

  private RenditionResult failed(RenditionTask rung, long started, ManagedJobs.Outcome outcome, FailureClass failureClass) {
    String error = "MediaConvert " + outcome.code() + ": " + outcome.message() + (outcome.job() == null ? "" : " (" + outcome.job() + ")");
    log.warn("{}/{} failed on the managed leg: {}", rung.getAssetId(), rung.getRung().getName(), error);
    return RenditionResult.newBuilder()
        .setAssetId(rung.getAssetId())
        .setCorrelationId(rung.getCorrelationId())
        .setRung(rung.getRung())
        .setStatus(RungStatus.FAILED)
        .setEncodeDurationMs((System.nanoTime() - started) / 1_000_000)
        .setFfmpegEncoder(jobs.encoderName())
        .setWorker(workerId)
        .setError(error)
        .setRetryable(FailureClasses.retryable(failureClass))
        .setFailureClass(failureClass)
        .setAttempts(rung.getAttempt())
        .setFinishedAt(clock.instant())
        .build();
  }

  private ProducerRecord<byte[], byte[]> nextAttempt(ManagedEncodeTask task) {
    int next = task.getAttempt() + 1;
    ManagedEncodeTask again = ManagedEncodeTask.newBuilder(task)
        .setAttempt(next)
        .setTasks(task.getTasks().stream().map(t -> RenditionTask.newBuilder(t).setAttempt(next).build()).toList())
        .build();
    String topic = Topic.MANAGED_TASKS.topicName();
    return new ProducerRecord<>(topic, utf8(task.getAssetId()), tasks.serializer().serialize(topic, again));
  }

  private static byte[] utf8(String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static ConsumerRecord<byte[], byte[]> bytesKeyed(ConsumerRecord<String, byte[]> r) {
    return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
        r.serializedKeySize(), r.serializedValueSize(), utf8(r.key()), r.value(), r.headers(), r.leaderEpoch());
  }

  @Override
  public void close() {
    TaskClients.stop(running, consumer, stopped, log);
  }
}
