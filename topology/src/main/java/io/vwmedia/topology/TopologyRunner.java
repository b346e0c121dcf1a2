package io.vwmedia.topology;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.vwmedia.config.Settings;
import io.vwmedia.observability.Observability;
import io.vwmedia.storage.CdnInvalidator;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topics.KafkaSettings;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.errors.DeadLetterOnUnreadableRecord;
import io.vwmedia.topology.packaging.ChunkJoiner;
import io.vwmedia.topology.packaging.RepeatedCopies;
import io.vwmedia.topology.packaging.ManifestPackager;
import io.vwmedia.topology.plan.ChunkingSettings;
import io.vwmedia.topology.plan.RungPlanner;
import io.vwmedia.topology.publish.PublicUrls;
import io.vwmedia.topology.publish.Publisher;
import io.vwmedia.topology.routing.EncoderRouting;
import io.vwmedia.topology.status.AssetStatusHandler;
import io.vwmedia.topology.status.AssetStatusQueries;
import io.vwmedia.topology.status.AssetViews;
import io.vwmedia.topology.template.TemplateCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MediaTopology} as a Kafka Streams application: exactly-once processing with Kafka's default
 * transaction timeout (nothing in the topology waits on FFmpeg: probing is a worker's task), state under a local
 * folder, unreadable records to their dead-letter topic, and a crashed stream thread replaced (its records are
 * processed again, so a transient storage error while packaging is retried rather than losing the asset).
 */
public final class TopologyRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TopologyRunner.class);
  public static final String APPLICATION_ID = "vw-media-topology";

  /**
   * @param stateDir Kafka Streams state ({@code vw.topology.state-dir})
   * @param streamThreads stream threads ({@code vw.topology.threads}, default 1)
   * @param progressive publish a playable version as soon as the first video rung and the audio are ready, then one
   *     per further rung, before the terminal event ({@code vw.publish.progressive}, default true)
   * @param live publish the asset live (growing HLS EVENT playlists) while its first rungs encode
   *     ({@code vw.publish.live}, default true)
   * @param publicBaseUrl where viewers reach the store ({@code vw.publish.base-url}); empty: the store's own locations
   * @param instanceId a stable name for this instance ({@code vw.topology.instance-id}, e.g. the pod name): static
   *     group membership, so a restart takes its partitions back at once instead of after the session timeout
   * @param sessionTimeout how long the group waits for an instance (or a stream thread) that stopped answering
   *     before giving its partitions to another ({@code vw.topology.session-timeout}, default 45s). With a static
   *     instance id a restart within it takes its partitions back without a rebalance; but a stream thread replaced
   *     after an error (storage unreachable while packaging) also waits it out before it processes again
   * @param commitInterval how often the exactly-once transaction commits ({@code vw.topology.commit-interval}):
   *     what the topology writes is visible downstream only then, so each hop waits up to this long
   * @param fetchMaxWait how long the main consumer's idle fetch waits at the broker ({@code vw.topology.fetch-max-wait},
   *     default 500ms, 100ms in {@code run}): closing waits out the fetch in flight
   * @param reconnectBackoffMax the longest wait before a client tries an unreachable broker again
   *     ({@code vw.topology.reconnect-backoff-max}, default 1s as Kafka's, 100ms embedded)
   * @param templatesDir more ladder templates beside the built-in ones ({@code vw.topology.templates-dir})
   * @param advertisedAddress {@code host:port} where other instances reach this one's status API
   *     ({@code vw.topology.advertised-address}, Kafka Streams' {@code application.server})
   * @param chunking chunked encoding ({@code vw.chunking.*}): the templates' thresholds or the settings' overrides
   */
  public record Config(
      Path stateDir, int streamThreads, boolean progressive, boolean live, Optional<String> publicBaseUrl, Optional<String> instanceId,
      Duration sessionTimeout, Duration commitInterval, Duration fetchMaxWait, Duration reconnectBackoffMax,
      Optional<Path> templatesDir,
      Optional<String> advertisedAddress,
      ChunkingSettings.Config chunking) {
    public static Config from(Settings s, Path defaultStateDir) {
      return new Config(
          s.find(TopologySettings.STATE_DIR).orElse(defaultStateDir),
          s.get(TopologySettings.THREADS),
          s.get(TopologySettings.PUBLISH_PROGRESSIVE),
          s.get(TopologySettings.PUBLISH_LIVE),
          s.find(TopologySettings.PUBLISH_BASE_URL).map(URI::toString),
          s.find(TopologySettings.INSTANCE_ID),
          s.get(TopologySettings.SESSION_TIMEOUT),
          s.get(TopologySettings.COMMIT_INTERVAL),
          s.get(TopologySettings.FETCH_MAX_WAIT),
          s.get(TopologySettings.RECONNECT_BACKOFF_MAX),
          s.find(TopologySettings.TEMPLATES_DIR),
          s.find(TopologySettings.ADVERTISED_ADDRESS),
          ChunkingSettings.Config.from(s));
    }
  }

  private final KafkaStreams streams;
  private final Topology topology;
  private final CountDownLatch running = new CountDownLatch(1);

  private final KafkaStreamsMetrics streamsMetrics;
  private final AssetStatusQueries statusQueries;

  public TopologyRunner(KafkaSettings kafka, Config config, TopicSerdes serdes, ObjectStore store, CdnInvalidator cdn,
      Clock clock, Observability observability) {
    this(kafka, config, serdes, store, cdn, EncoderRouting.WORKERS_ONLY, clock, observability);
  }

  /** As above, with new assets routed to our workers or the managed leg by {@code routing}. */
  public TopologyRunner(KafkaSettings kafka, Config config, TopicSerdes serdes, ObjectStore store, CdnInvalidator cdn,
      EncoderRouting routing, Clock clock, Observability observability) {
    this.topology = MediaTopology.build(new MediaTopology.Parts(
        serdes,
        TemplateCatalog.load(config.templatesDir()),
        new RungPlanner(),
        new ManifestPackager(store, clock),
        new Publisher(store, cdn, clock, config.publicBaseUrl()),
        routing,
        config.chunking(),
        new ChunkJoiner(store, clock),
        new RepeatedCopies(store),
        clock,
        config.progressive(),
        config.live()));
    this.streams = new KafkaStreams(topology, streamsConfig(kafka, config));
    this.statusQueries = new AssetStatusQueries(streams, MediaTopology.PROGRESS_STORE,
        new AssetViews(new PublicUrls(store, config.publicBaseUrl())),
        config.advertisedAddress().map(HostInfo::buildFromEndpoint));
    streams.setUncaughtExceptionHandler(e -> {
      log.error("stream thread failed; replacing it and processing the record again", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    this.streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(observability.meters());
    observability.health().addReadinessCheck("topology", () -> streams.state() == KafkaStreams.State.RUNNING
        ? Optional.empty() : Optional.of("Kafka Streams is " + streams.state()));
    streams.setStateListener((now, before) -> {
      log.debug("topology {} -> {}", before, now);
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
  }

  /** The Streams settings: exactly-once, state folder, handlers, membership; transactions at Kafka's defaults. */
  static Properties streamsConfig(KafkaSettings kafka, Config config) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.putAll(kafka.connection().clientConfig());
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
    // the stream thread checks for a due commit between polls: a poll waiting its default 100 ms for records that do
    // not come holds back the commit of what was just processed (an asset's last hop, packaged -> published, waited
    // ~0.12 s at any commit interval); it waits at most one commit interval instead
    props.put(StreamsConfig.POLL_MS_CONFIG, Math.min(100L, config.commitInterval().toMillis()));
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnUnreadableRecord.class);
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) config.sessionTimeout().toMillis());
    props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG),
        (int) config.fetchMaxWait().toMillis());
    // every client of the instance (consumers, producer, admin): one started before its broker is up retries at
    // most this long after the broker is
    props.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, config.reconnectBackoffMax().toMillis());
    // restoring a store at start-up fetches its changelog's last records, too few to fill a fetch: at the default
    // 500 ms wait each restore round stalls half a second before RUNNING (the restore consumer is idle afterwards)
    props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 20);
    config.advertisedAddress().ifPresent(address -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, address));
    config.instanceId().ifPresent(id ->
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), APPLICATION_ID + "-" + id));
    return props;
  }

  public Topology topology() {
    return topology;
  }

  /**
   * The status API's read side over this instance's asset-progress store, for {@link AssetStatusHandler}; its
   * queries answer once the topology runs.
   */
  public AssetStatusQueries statusQueries() {
    return statusQueries;
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
    streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    streamsMetrics.close();
  }
}
