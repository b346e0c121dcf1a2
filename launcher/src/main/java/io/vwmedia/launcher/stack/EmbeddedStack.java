package io.vwmedia.launcher.stack;

import io.vwmedia.config.Setting;
import io.vwmedia.config.Settings;
import io.vwmedia.launcher.embedded.EmbeddedKafkaBroker;
import io.vwmedia.launcher.embedded.KeptTopicCatalog;
import io.vwmedia.launcher.origin.LocalOriginServer;
import io.vwmedia.launcher.status.StatusPage;
import io.vwmedia.observability.Observability;
import io.vwmedia.observability.alerts.AlertDispatcher;
import io.vwmedia.observability.alerts.AlertSettings;
import io.vwmedia.observability.analytics.AnalyticsSettings;
import io.vwmedia.observability.http.Health;
import io.vwmedia.observability.http.OpsEndpoints;
import io.vwmedia.observability.metrics.ProcessMetrics;
import io.vwmedia.serde.LocalSchemaRegistryClient;
import io.vwmedia.serde.SchemaRegistryClient;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.KafkaSettings;
import io.vwmedia.topics.RetryPolicy;
import io.vwmedia.topics.TopicInstaller;
import io.vwmedia.topics.TopicPartitioning;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.TopologyRunner;
import io.vwmedia.topology.TopologySettings;
import io.vwmedia.topology.status.AssetStatusHandler;
import io.vwmedia.worker.ProgressListener;
import io.vwmedia.worker.WorkerConfig;
import io.vwmedia.worker.WorkerPool;
import io.vwmedia.worker.WorkerSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one JVM with no account anywhere: a KRaft broker (or an existing one,
 * {@code vw.embedded.kafka-bootstrap-servers}), the local schema registry, local
 * storage (and, for {@code serve}, an HTTP origin over it that also answers {@code /metrics}, {@code /health/*}, the
 * status API {@code /api/assets} and the status page {@code /}), the topology and the workers, all under one data
 * folder. It is ready ({@code /health/ready}) once the topology runs and every worker has joined its group. Closing and starting it again on the same folder keeps every asset and message.
 *
 * <pre>
 * data/kafka     broker log        data/registry  schema ids
 * data/streams   topology state    data/storage   segments and manifests
 * </pre>
 */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);
  private static final Duration LOCAL_WAIT = Duration.ofMillis(100);

  private final EmbeddedKafkaBroker broker; // null on an external broker
  private final SchemaRegistryClient registry;
  private final TopicSerdes serdes;
  private final StorageBackend storage;
  private final LocalOriginServer origin;
  private final TopologyRunner topology;
  private final WorkerPool workers;
  private final KafkaSettings kafka;
  private final ProcessMetrics metrics;
  private final Observability observability;
  private final AlertDispatcher alerts;
  private final PipelineWatch watch;
  private final ManagedLegs.Routing routing;

  private EmbeddedStack(Path dataDir, Settings settings, ProgressListener progress, boolean serveOrigin) {
    LocalOriginServer startedOrigin = null;
    TopologyRunner startedTopology = null;
    StartupTimeline startup = StartupTimeline.process();
    startup.mark("stack-starting");
    // vw.embedded.kafka-bootstrap-servers: an existing broker (the tests' containerized Kafka) instead of our own
    Optional<String> external = settings.find(EmbeddedSettings.KAFKA_BOOTSTRAP_SERVERS).filter(s -> !s.isBlank());
    Path kafkaDir = dataDir.resolve("kafka");
    int kafkaPort = settings.get(EmbeddedSettings.KAFKA_PORT);
    // the broker starts on its own thread while the parts that need no broker to be built are built (the meter
    // registry, the topology, the workers with their encoder check): on 2 cores, seconds of class loading and
    // FFmpeg's start-up overlap the broker's
    // (the address is settled before the broker's thread starts: on a new data folder the ports are picked once)
    String bootstrap = external.orElseGet(() -> EmbeddedKafkaBroker.bootstrapServers(kafkaDir, kafkaPort));
    CompletableFuture<EmbeddedKafkaBroker> startingBroker = external.isPresent() ? CompletableFuture.completedFuture(null)
        : CompletableFuture.supplyAsync(() -> EmbeddedKafkaBroker.start(kafkaDir, kafkaPort));
    CompletableFuture<ProcessMetrics> loadingMetrics = CompletableFuture.supplyAsync(
        () -> ProcessMetrics.start("vw-media", settings));
    Health health = new Health();
    AlertDispatcher startedAlerts = null;
    try {
      this.kafka = new KafkaSettings(bootstrap, dataDir.resolve("registry").toString(), (short) 1);
      this.metrics = loadingMetrics.join();
      this.registry = new LocalSchemaRegistryClient(dataDir.resolve("registry"));
      this.serdes = new TopicSerdes(registry);
      this.storage = StorageBackend.from(settings, dataDir.resolve("storage"));
      Map<String, String> extra = new HashMap<>();
      extra.put(TopologySettings.INSTANCE_ID.key(), settings.find(TopologySettings.INSTANCE_ID).orElse("embedded"));
      // an idle fetch waits 100 ms at the broker, not Kafka's 500: closing a consumer waits one out, and `run` closes
      // as soon as its uploads are published (`serve` keeps Kafka's: runningUntilStopped)
      // and the topology, started while the broker may still be starting, retries it at most 100 ms apart
      for (Setting<Duration> wait : List.of(TopologySettings.FETCH_MAX_WAIT, WorkerSettings.FETCH_MAX_WAIT,
          TopologySettings.RECONNECT_BACKOFF_MAX)) {
        extra.put(wait.key(), settings.find(wait).orElse(LOCAL_WAIT).toString());
      }
      if (serveOrigin && storage.localRoot().isPresent()) {
        startedOrigin = LocalOriginServer.start(storage.localRoot().get(), settings.get(EmbeddedSettings.ORIGIN_PORT));
        new OpsEndpoints(metrics, health).handlers().forEach(startedOrigin::addContext);
        extra.put(TopologySettings.PUBLISH_BASE_URL.key(), startedOrigin.baseUri().toString());
        // alerts link to the status page this origin serves, unless another is configured
        extra.put(AlertSettings.STATUS_BASE_URL.key(), settings.find(AlertSettings.STATUS_BASE_URL)
            .orElse(startedOrigin.baseUri()).toString());
      }
      this.origin = startedOrigin;
      Settings effective = settings.with(extra);
      startedAlerts = Alerting.dispatcher(effective, metrics.registry());
      this.alerts = startedAlerts;
      this.observability = new Observability(metrics.registry(), health, alerts);
      Clock clock = Clock.systemUTC();
      // vw.embedded.topology=false: the topology is left to a `vw-media topology` process against this broker
      this.routing = ManagedLegs.routing(effective, storage, kafka.connection());
      startedTopology = settings.get(EmbeddedSettings.TOPOLOGY)
          ? new TopologyRunner(kafka, TopologyRunner.Config.from(effective, dataDir.resolve("streams")),
              serdes, storage.store(), storage.cdn(), routing.routing(), clock, observability)
          : null;
      this.topology = startedTopology;
      startup.mark("topology-built");
      if (origin != null && topology != null) {
        origin.addContext(AssetStatusHandler.PATH, new AssetStatusHandler(topology.statusQueries()));
        origin.putInFront(StatusPage::new);
      }
      WorkerConfig workerConfig = ObjectSources.signing(WorkerConfig.from(effective.with(
          Map.of(WorkerSettings.WORK_DIR.key(), effective.find(WorkerSettings.WORK_DIR).orElse(dataDir.resolve("work")).toString()))),
          effective);
      // vw.embedded.workers=false: the encodes are left to `vw-media worker` processes against this broker
      this.workers = settings.get(EmbeddedSettings.WORKERS)
          ? new WorkerPool(kafka.connection(), workerConfig, serdes, storage.store(), progress, clock, observability,
              ManagedLegs.jobs(effective, storage)) : null;
      startup.mark("workers-built");
      // Streams' start opens the stores of every task it finds on disk (0.5-0.9 s on 2 cores) before it needs the
      // broker: on a data folder whose broker holds this build's topics it starts while the broker is starting. A
      // group joined before its source topics exist fails, so on a new folder it starts once they are created
      RetryPolicy retries = RetryPolicy.from(settings);
      // the embedded broker's topology topics get one partition per stream thread of the topology it runs (12 Streams
      // tasks become 2 at the default 1); an external cluster's, or those a `vw-media topology` process reads
      // (vw.embedded.topology=false), are what the catalog declares
      TopicPartitioning partitioning = external.isEmpty() && topology != null
          ? TopicPartitioning.oneProcess(effective.get(TopologySettings.THREADS)) : TopicPartitioning.declared();
      String catalog = TopicInstaller.catalog((short) 1, retries, partitioning);
      boolean earlyTopology = topology != null && external.isEmpty() && KeptTopicCatalog.holds(kafkaDir, catalog);
      if (earlyTopology) {
        topology.start();
        startup.mark("topology-started");
      }
      this.broker = startingBroker.join();
      startup.mark("broker");
      try (Admin admin = Admin.create(kafka.connection().clientConfig())) {
        TopicInstaller.ensureTopics(admin, (short) 1, retries, partitioning);
      }
      if (external.isEmpty()) KeptTopicCatalog.record(kafkaDir, catalog);
      startup.mark("topics");
      // (on a new folder) Streams takes a second or two to join its group and restore its stores: it starts first
      if (topology != null && !earlyTopology) topology.start();
      // the observer's meters, events and alerts need someone to see them: a /metrics scrape (serve), Datadog,
      // Segment or an alert sink; a plain `run` skips it (and the second it costs on 2 cores)
      boolean watched = origin != null || metrics.pushesToDatadog() || alerts.hasSinks()
          || settings.find(AnalyticsSettings.WRITE_KEY).isPresent();
      this.watch = settings.get(EmbeddedSettings.TOPOLOGY) && watched
          ? PipelineWatch.start(kafka.connection(), serdes, observability, effective).orElse(null) : null;
      if (workers != null) workers.start();
      startup.mark("stack-started");
      log.info("embedded stack up: kafka {}, storage {}{}", kafka.bootstrapServers(), storage.description(),
          origin == null ? "" : ", origin " + origin.baseUri());
    } catch (RuntimeException e) {
      if (startedTopology != null) startedTopology.close();
      if (startedOrigin != null) startedOrigin.close();
      startingBroker.thenAccept(b -> { if (b != null) b.close(); });
      if (startedAlerts != null) startedAlerts.close();
      loadingMetrics.thenAccept(ProcessMetrics::close);
      throw e instanceof CompletionException c && c.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * {@code settings} for a stack that runs until it is stopped ({@code serve}): its idle consumers wait Kafka's own
   * 500 ms at the broker for records ({@code vw.worker.fetch-max-wait}, {@code vw.topology.fetch-max-wait}, unless
   * set), not the 100 ms a {@code run} uses so that it closes soon after its last upload is published (a consumer's
   * close waits out its parked fetch). A fetch is answered as soon as records arrive, so the wait costs no latency,
   * and an idle consumer asks twice a second instead of ten times: an idle serve's JVM takes 13 % of a core instead
   * of 22 % (docs/benchmarks.md, "FFmpeg's work apart from the JVM's, the JVM's polling, and an idle serve").
   */
  public static Settings runningUntilStopped(Settings settings) {
    Map<String, String> waits = new HashMap<>();
    for (Setting<Duration> wait : List.of(TopologySettings.FETCH_MAX_WAIT, WorkerSettings.FETCH_MAX_WAIT)) {
      if (settings.find(wait).isEmpty()) {
        waits.put(wait.key(), wait.defaultValue().toString());
      }
    }
    return settings.with(waits);
  }

  /** Starts every part under {@code dataDir}; with {@code serveOrigin}, manifests are published as origin URLs. */
  public static EmbeddedStack start(Path dataDir, Settings settings, ProgressListener progress, boolean serveOrigin) {
    return new EmbeddedStack(dataDir.toAbsolutePath(), settings, progress, serveOrigin);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** How a client reaches this stack's broker. */
  public KafkaConnection connection() {
    return kafka.connection();
  }

  public TopicSerdes serdes() {
    return serdes;
  }

  public ObjectStore store() {
    return storage.store();
  }

  /** Where segments and manifests go, in one line. */
  public String storageDescription() {
    return storage.description();
  }

  public Optional<URI> originUri() {
    return Optional.ofNullable(origin).map(LocalOriginServer::baseUri);
  }

  /** Which video encoder the workers run, and why. */
  public String encoderReport() {
    return workers == null ? "none in this process (vw.embedded.workers=false)" : workers.encoderReport();
  }

  public boolean awaitTopologyRunning(Duration timeout) throws InterruptedException {
    return topology == null || topology.awaitRunning(timeout);
  }

  /** Whether the pipeline observer has its partitions (none runs: true at once). */
  public boolean awaitObserving(Duration timeout) throws InterruptedException {
    return watch == null || watch.awaitObserving(timeout);
  }

  @Override
  public void close() {
    StartupTimeline closing = StartupTimeline.process(); // `run --trace` shows where closing's time goes
    closing.mark("stack-closing");
    // the workers and the topology are separate Kafka clients, each waiting on its own group leave and fetch session:
    // they stop side by side, and the broker goes last
    CompletableFuture<Void> workersClosed = workers == null ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(workers::close);
    if (topology != null) topology.close();
    RuntimeException workerFailure = null;
    try {
      workersClosed.join();
    } catch (CompletionException e) {
      workerFailure = e.getCause() instanceof RuntimeException r ? r : e;
    }
    closing.mark("workers-topology-closed");
    routing.close();
    if (watch != null) watch.close();
    if (origin != null) origin.close();
    registry.close();
    closing.mark("registry-closed");
    if (broker != null) broker.close();
    closing.mark("broker-closed");
    alerts.close();
    metrics.close();
    if (workerFailure != null) throw workerFailure;
  }

  /** The process's meters, readiness checks and alerts. */
  public Observability observability() {
    return observability;
  }

  /** Every meter in Prometheus' text format. */
  public String scrapeMetrics() {
    return metrics.scrape();
  }
}
