package io.vwmedia.launcher.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, combined broker and controller) inside this JVM: the embedded default's broker, so
 * the pipeline runs with nothing installed and no account anywhere. Built from Kafka's product jars only.
 *
 * <p>The first start formats the storage and picks free ports; both are kept in the data folder, so a restart
 * serves the same topics, messages and bootstrap address. A log formatted by an older Kafka is finalized at this
 * release on start (its {@code metadata.version} and features such as {@code share.version}), as an operator would
 * with {@code kafka-features.sh upgrade --release-version}: a data folder from before an upgrade gets what the new
 * release enables by default (share groups, from 4.2) instead of keeping its old levels forever.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
  private static final String PORTS_FILE = "ports.properties";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;

  private EmbeddedKafkaBroker(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts the broker with its log under {@code dataDir}, formatting it on first use.
   *
   * @param port the client port; 0 picks a free one the first time and keeps it for later starts
   */
  public static EmbeddedKafkaBroker start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      Properties ports = ports(dataDir, port);
      int brokerPort = Integer.parseInt(ports.getProperty("broker"));
      int controllerPort = Integer.parseInt(ports.getProperty("controller"));
      Path logDir = dataDir.resolve("logs");

      Properties props = new Properties();
      props.put("process.roles", "broker,controller");
      props.put("node.id", "1");
      props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
      props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
      props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
      props.put("controller.listener.names", "CONTROLLER");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("log.dirs", logDir.toString());
      props.put("auto.create.topics.enable", "false");
      props.put("num.partitions", "1");
      props.put("default.replication.factor", "1");
      props.put("min.insync.replicas", "1");
      props.put("offsets.topic.replication.factor", "1");
      props.put("offsets.topic.num.partitions", "6");
      props.put("transaction.state.log.replication.factor", "1");
      props.put("transaction.state.log.min.isr", "1");
      props.put("transaction.state.log.num.partitions", "6");
      props.put("share.coordinator.state.topic.replication.factor", "1");
      props.put("share.coordinator.state.topic.min.isr", "1");
      // the share groups' state topic at 6 partitions like the other internal topics, not 50: every partition is
      // a log the broker loads and leads at each start
      props.put("share.coordinator.state.topic.num.partitions", "6");
      props.put("group.initial.rebalance.delay.ms", "0");
      // the log cleaner's offset map (compacted topics: published, the topology's changelogs, the internal ones) at 16
      // MB, not Kafka's 128: it is allocated on the heap when the broker starts (0.5 s of the broker's start-up on 2
      // cores, and half of `run`'s 256 MB heap); 16 MB holds ~700,000 keys a cleaning pass, more than a single
      // machine's topics carry, and a log with more is cleaned in several passes
      props.put("log.cleaner.dedupe.buffer.size", String.valueOf(16L << 20));
      props.put("log.retention.check.interval.ms", "300000");
      KafkaConfig config = KafkaConfig.fromProps(props, false);

      if (!Files.exists(logDir.resolve("meta.properties"))) {
        Formatter formatter = new Formatter()
            .setPrintStream(new java.io.PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setIgnoreFormatted(true);
        formatter.run();
        log.info("formatted a new KRaft log in {}", logDir);
      }

      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      String bootstrap = "localhost:" + brokerPort;
      EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrap);
      broker.awaitReady();
      broker.finalizeThisRelease();
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded Kafka broker in " + dataDir + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the embedded Kafka log in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The address {@link #start} will serve on with this data folder and port, known before the broker is up (the
   * ports are picked on first use and kept in the data folder): so clients can be built while it starts.
   */
  public static String bootstrapServers(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      return "localhost:" + ports(dataDir, port).getProperty("broker");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the embedded Kafka broker's ports in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            close();
            throw new IllegalStateException("the embedded Kafka broker was not ready within " + READY_TIMEOUT.toSeconds() + " s", e);
          }
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
    }
  }

  /**
   * Raises {@code metadata.version} to this release's and every production feature below its default for this
   * release to that default. A no-op on a log formatted by this release. {@code kraft.version} is left alone: its
   * level follows the quorum's kind (static voters here), not the release.
   */
  private void finalizeThisRelease() {
    MetadataVersion release = MetadataVersion.latestProduction();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<String, FinalizedVersionRange> finalized = admin.describeFeatures().featureMetadata()
          .get(30, TimeUnit.SECONDS).finalizedFeatures();
      Map<String, Short> wanted = new LinkedHashMap<>();
      wanted.put(MetadataVersion.FEATURE_NAME, release.featureLevel());
      for (Feature feature : Feature.PRODUCTION_FEATURES) {
        if (feature != Feature.KRAFT_VERSION) {
          wanted.put(feature.featureName(), feature.defaultLevel(release));
        }
      }
      // metadata.version first: a feature level may need the new metadata version (share.version=2 needs 4.4-IV0)
      for (Map.Entry<String, Short> want : wanted.entrySet()) {
        FinalizedVersionRange now = finalized.get(want.getKey());
        short level = now == null ? 0 : now.maxVersionLevel();
        if (level < want.getValue()) {
          admin.updateFeatures(Map.of(want.getKey(), new FeatureUpdate(want.getValue(), FeatureUpdate.UpgradeType.UPGRADE)),
              new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
          log.info("finalized {} at level {} (was {})", want.getKey(), want.getValue(), level);
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      close();
      throw new IllegalStateException("cannot finalize the embedded Kafka broker's features at "
          + release.version() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while finalizing the embedded Kafka broker's features", e);
    }
  }

  private static synchronized Properties ports(Path dataDir, int requestedPort) throws IOException {
    Path file = dataDir.resolve(PORTS_FILE);
    Properties ports = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        ports.load(in);
      }
    }
    if (requestedPort > 0) {
      ports.setProperty("broker", Integer.toString(requestedPort));
    }
    if (!ports.containsKey("broker")) {
      ports.setProperty("broker", Integer.toString(freePort()));
    }
    int broker = Integer.parseInt(ports.getProperty("broker"));
    if (!ports.containsKey("controller") || Integer.parseInt(ports.getProperty("controller")) == broker) {
      // the OS may hand back the port it gave a moment ago once that socket is closed: the two must differ
      int controller = freePort();
      while (controller == broker) {
        controller = freePort();
      }
      ports.setProperty("controller", Integer.toString(controller));
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      ports.store(out, "ports of the embedded Kafka broker, kept so restarts keep their address");
    }
    return ports;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
