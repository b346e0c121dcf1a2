package io.vwmedia.launcher.cli;

import io.vwmedia.launcher.stack.ManagedLegs;
import io.vwmedia.launcher.stack.ObjectSources;
import io.vwmedia.launcher.stack.ProcessObservability;
import io.vwmedia.launcher.stack.StorageBackend;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.serde.SchemaRegistryClient;
import io.vwmedia.topics.KafkaSettings;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.worker.WorkerConfig;
import io.vwmedia.worker.WorkerPool;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code vw-media worker}: probe and rendition workers (worker-gpu) against an external cluster. */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Consumes probe tasks from media.probe.tasks (ffprobe, per-title probe encodes) and rung tasks from"
        + " media.rendition.tasks (FFmpeg encodes), and writes their results to media.probe.done and"
        + " media.rendition.done. The only process that needs FFmpeg. Settings: vw.worker.concurrency,"
        + " vw.worker.probe-concurrency, vw.worker.x264-preset, vw.worker.ffmpeg, vw.worker.ffprobe, ...")
public final class WorkerCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin ClusterOptions cluster;
  @Mixin StorageOptions storage;

  @Override
  public Integer call() throws Exception {
    KafkaSettings kafka = cluster.kafka(common.settings());
    WorkerConfig config = ObjectSources.signing(WorkerConfig.from(common.settings()), common.settings());
    try (SchemaRegistryClient registry = SchemaRegistries.fromUrl(kafka.schemaRegistryUrl())) {
      ProcessObservability observed = ProcessObservability.start("vw-media-worker", common.settings());
      StorageBackend backend = storage.backend(common.settings(), common.dataDir);
      WorkerPool pool = new WorkerPool(kafka.connection(), config, new TopicSerdes(registry), backend.store(),
          (a, r, f) -> {}, Clock.systemUTC(), observed.observability(), ManagedLegs.jobs(common.settings(), backend));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        pool.close();
        observed.close();
        stopped.countDown();
      }));
      pool.start();
      System.out.println("vw-media worker: " + config.concurrency() + " encode(s) at a time, video encoder " + pool.encoderReport());
      stopped.await();
      return 0;
    }
  }
}
