package io.vwmedia.launcher.stack;

import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.worker.RenditionWorker;
import io.vwmedia.worker.RungTranscoder;
import io.vwmedia.worker.WorkerConfig;
import io.vwmedia.worker.ffmpeg.EncoderSelection;
import io.vwmedia.worker.ffmpeg.ProgressListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** Runs {@code concurrency} rendition workers in this process, each on its own thread with its own consumer. */
public final class WorkerPool implements AutoCloseable {

  private final List<RenditionWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final String encoderReport;

  public WorkerPool(KafkaSettings kafka, WorkerConfig config, TopicSerdes serdes, ObjectStore store, ProgressListener progress, Clock clock) {
    EncoderSelection encoders = config.selectEncoder();
    this.encoderReport = encoders.report();
    RungTranscoder transcoder = new RungTranscoder(config, encoders, store, clock);
    for (int i = 0; i < config.concurrency(); i++) {
      String clientId = "vw-media-worker-" + config.workerId().replaceAll("[^A-Za-z0-9._-]", "_") + "-" + i;
      RenditionWorker worker = new RenditionWorker(
          kafka.bootstrapServers(), serdes.renditionTask(), serdes.renditionResult(), transcoder, progress, clientId,
          config.retries(), Map.of(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis()));
      workers.add(worker);
      threads.add(new Thread(worker, clientId));
    }
  }

  /** Which video encoder the workers run, and why: decided once when the pool is made. */
  public String encoderReport() {
    return encoderReport;
  }

  public void start() {
    threads.forEach(Thread::start);
  }

  @Override
  public void close() {
    workers.forEach(RenditionWorker::close);
  }
}
