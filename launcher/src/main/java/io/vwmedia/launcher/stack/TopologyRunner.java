package io.vwmedia.launcher.stack;

import io.vwmedia.config.Settings;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.storage.SourcePolicy;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.MediaTopology;
import io.vwmedia.topology.TopologySettings;
import io.vwmedia.topology.errors.DeadLetterOnUnreadableRecord;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.RateQualityProbe;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.probe.SourceProber;
import io.vwmedia.topology.publish.CdnInvalidator;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.template.TemplateCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MediaTopology} as a Kafka Streams application: exactly-once processing, state under a local
 * folder, and a crashed stream thread replaced (its records are processed again, so a transient storage error
 * while packaging is retried rather than losing the asset).
 */
public final class TopologyRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopologyRunner.class);
  public static final String APPLICATION_ID = "vw-media-topology";

  /**
   * @param stateDir Kafka Streams state ({@code vw.topology.state-dir})
   * @param streamThreads stream threads ({@code vw.topology.threads}, default 1)
   * @param ffprobe the ffprobe binary ({@code vw.topology.ffprobe})
   * @param ffmpeg the ffmpeg binary, for per-title rate-quality probes ({@code vw.topology.ffmpeg})
   * @param probeTimeout how long probing a source may take ({@code vw.topology.probe-timeout}, default 30s)
   * @param progressive publish a playable version as soon as the first video rung and the audio are ready, then one
   *     per further rung, before the terminal event ({@code vw.publish.progressive}, default true)
   * @param perTitleTimeout how long a per-title template's rate-quality probe may take: two encodes of a window of
   *     the source per rung ({@code vw.topology.per-title-timeout}, default 120s; past it the template's bitrates apply)
   * @param publicBaseUrl where viewers reach the store ({@code vw.publish.base-url}); empty: the store's own locations
   * @param instanceId a stable name for this instance ({@code vw.topology.instance-id}, e.g. the pod name): static
   *     group membership, so a restart takes its partitions back at once instead of after the session timeout
   * @param sources what an upload's source may be ({@code vw.source.*}, see {@link SourcePolicy})
   * @param sessionTimeout how long the group waits for an instance (or a stream thread) that stopped answering
   *     before giving its partitions to another ({@code vw.topology.session-timeout}, default 45s). With a static
   *     instance id a restart within it takes its partitions back without a rebalance; but a stream thread replaced
   *     after an error (storage unreachable while packaging) also waits it out before it processes again
   */
  public record Config(
      Path stateDir, int streamThreads, String ffprobe, String ffmpeg, Duration probeTimeout, Duration perTitleTimeout,
      boolean progressive, Optional<String> publicBaseUrl, Optional<String> instanceId, SourcePolicy sources,
      Duration sessionTimeout) {
    public static Config from(Settings s, Path defaultStateDir) {
      return new Config(
          s.find(TopologySettings.STATE_DIR).orElse(defaultStateDir),
          s.get(TopologySettings.THREADS),
          s.string("vw.topology.ffprobe", "ffprobe"),
          s.string("vw.topology.ffmpeg", "ffmpeg"),
          s.duration("vw.topology.probe-timeout", Duration.ofSeconds(30)),
          s.duration("vw.topology.per-title-timeout", Duration.ofSeconds(120)),
          s.get(TopologySettings.PUBLISH_PROGRESSIVE),
          s.find(TopologySettings.PUBLISH_BASE_URL).map(URI::toString),
          s.find(TopologySettings.INSTANCE_ID),
          SourcePolicy.from(s),
          s.get(TopologySettings.SESSION_TIMEOUT));
    }
  }

  private final KafkaStreams streams;
  private final Topology topology;
  private final CountDownLatch running = new CountDownLatch(1);

  public TopologyRunner(KafkaSettings kafka, Config config, TopicSerdes serdes, ObjectStore store, CdnInvalidator cdn, Clock clock) {
    this.topology = MediaTopology.build(new MediaTopology.Parts(
        serdes,
        TemplateCatalog.builtIn(),
        new SourceProber(config.ffprobe(), config.probeTimeout(), config.sources()),
        new RateQualityProbe(config.ffmpeg(), config.perTitleTimeout()),
        new RungPlanner(),
        new ManifestPackager(store, clock),
        new Publisher(store, cdn, clock, config.publicBaseUrl()),
        clock,
        config.progressive()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnUnreadableRecord.class);
    // probing a source runs inside a transaction: give it room beyond both probes (Streams' EOS default is 10 s)
    long transactionMs = Math.max(60_000, (config.probeTimeout().toMillis() + config.perTitleTimeout().toMillis()) * 2 + 10_000);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) transactionMs);
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) config.sessionTimeout().toMillis());
    config.instanceId().ifPresent(id ->
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), APPLICATION_ID + "-" + id));
    this.streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("stream thread failed; replacing it and processing the record again", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.setStateListener((now, before) -> {
      log.debug("topology {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
  }

  public Topology topology() {
    return topology;
  }

  public void start() {
    streams.start();
  }

  /** Waits until the topology has its partitions and processes; false on timeout. */
  public boolean awaitRunning(Duration timeout) throws InterruptedException {
    return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the topology and, for a static member, leaves its group at once, so a restarted process or another
   * instance takes the partitions without waiting for the session timeout.
   */
  @Override
  public void close() {
    streams.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
  }
}
