package io.vwmedia.worker;

import io.vwmedia.ffmpeg.encode.EncoderSelection;
import io.vwmedia.observability.Observability;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topics.ChunkTaskGroup;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.worker.probe.ProbeWorker;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The workers of one process: {@code concurrency} rendition workers, each on its own thread with its own consumer of
 * rung tasks; {@code chunkConcurrency} chunk workers, each a member of the chunk tasks' share group; and {@code probeConcurrency} probe workers answering probe tasks beside them, so a long encode never
 * holds up the probe that lets another asset be planned; with the managed leg configured, one runner of its tasks.
 */
public final class WorkerPool implements AutoCloseable {

  private final List<AutoCloseable> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<RenditionWorker> renditionWorkers = new ArrayList<>();
  private final List<ChunkWorker> chunkWorkers = new ArrayList<>();
  private final String encoderReport;

  public WorkerPool(KafkaConnection kafka, WorkerConfig config, TopicSerdes serdes, ObjectStore store,
      ProgressListener progress, Clock clock, Observability observability) {
    this(kafka, config, serdes, store, progress, clock, observability, Optional.empty());
  }

  /** As above, and with {@code managed}, a runner of the managed leg's tasks ({@link ManagedLegWorker}) beside them. */
  public WorkerPool(KafkaConnection kafka, WorkerConfig config, TopicSerdes serdes, ObjectStore store,
      ProgressListener progress, Clock clock, Observability observability, Optional<ManagedJobs> managed) {
    EncoderSelection encoders = config.selectEncoder();
    this.encoderReport = encoders.report();
    boolean ffmpegFound = config.ffmpegAnswers();
    RungTranscoder transcoder = new RungTranscoder(config, encoders, store, clock);
    WorkerMeters meters = new WorkerMeters(observability.meters());
    transcoder.reportFallbacksTo(new FallbackAlerts(meters, observability.alerts(), config.workerId(), clock));
    int fetchWaitMs = (int) config.fetchMaxWait().toMillis();
    Map<String, Object> taskConsumers = Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMs,
        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
    // a share group's session timeout is the group's, set on the broker
    Map<String, Object> chunkConsumers = Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchWaitMs);
    String prefix = "vw-media-worker-" + config.workerId().replaceAll("[^A-Za-z0-9._-]", "_");
    for (int i = 0; i < config.concurrency(); i++) {
      String clientId = prefix + "-" + i;
      RenditionWorker worker = new RenditionWorker(kafka, serdes.renditionTask(), serdes.renditionResult(),
          transcoder, progress, clientId, config.retries(), taskConsumers, meters);
      renditionWorkers.add(worker);
      add(worker, clientId);
    }
    for (int i = 0; i < config.chunkConcurrency(); i++) {
      String clientId = prefix + "-chunk-" + i;
      ChunkWorker worker = new ChunkWorker(kafka, serdes.renditionTask(), serdes.renditionResult(), transcoder, progress,
          clientId, config.retries(), config.chunkMaxDeliveries(), meters, clock, chunkConsumers);
      chunkWorkers.add(worker);
      add(worker, clientId);
    }
    observability.health().addReadinessCheck("worker", () -> !ffmpegFound
        ? Optional.of("FFmpeg does not answer at " + config.ffmpeg())
        : !renditionWorkers.stream().allMatch(RenditionWorker::joined)
        ? Optional.of("not every rendition worker has joined group " + RenditionWorker.GROUP_ID)
        : !chunkWorkers.stream().allMatch(ChunkWorker::joined)
        ? Optional.of("not every chunk worker has joined share group " + ChunkTaskGroup.NAME)
        : Optional.empty());
    managed.ifPresent(jobs -> add(new ManagedLegWorker(kafka, serdes.managedEncodeTask(), serdes.renditionResult(), jobs,
        store, config.workDir(), config.workerId(), clock, taskConsumers), prefix + "-managed-leg"));
    for (int i = 0; i < config.probeConcurrency(); i++) {
      String clientId = prefix + "-probe-" + i;
      add(new ProbeWorker(kafka, serdes.probeTask(), serdes.probeResult(), config.sourceProbing(clock),
          clientId, taskConsumers, observability.meters()), clientId);
    }
  }

  private <W extends Runnable & AutoCloseable> void add(W worker, String clientId) {
    workers.add(worker);
    threads.add(new Thread(worker, clientId));
  }

  /** Which video encoder the workers run, and why: decided once when the pool is made. */
  public String encoderReport() {
    return encoderReport;
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  /**
   * Stops every worker at once, each on its own thread: each finishes or hands back its task, leaves its group and
   * flushes its producer, so closing takes the slowest worker's time rather than the sum of all of them.
   */
  @Override
  public void close() {
    List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> closing = new ArrayList<>();
    for (AutoCloseable worker : workers) {
      Thread thread = new Thread(() -> {
        try {
          worker.close();
        } catch (Exception e) {
          failures.add(e);
        }
      }, "vw-media-worker-closing");
      thread.start();
      closing.add(thread);
    }
    for (Thread thread : closing) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while the workers were stopping", e);
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a worker did not stop: " + failures.get(0).getMessage(), failures.get(0));
    }
  }
}
