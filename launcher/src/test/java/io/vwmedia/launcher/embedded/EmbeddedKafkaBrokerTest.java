package io.vwmedia.launcher.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.launcher.TestBrokers;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicInstaller;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.common.ShareVersion;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The in-JVM broker: what clients see of it (the catalogue's topics, transactions) is asserted on whichever broker
 * {@link TestBrokers} gives, so the container answers the same; keeping everything across a restart is its own.
 */
class EmbeddedKafkaBrokerTest {

  @TempDir Path data;

  @Nested
  class AsClientsSeeIt {

    @RegisterExtension final TestBrokers broker = new TestBrokers();

    @Test
    void createsTheCatalogTopicsAndServesCommittedTransactions() throws Exception {
      String bootstrap = broker.bootstrapServers();
      createCatalogTopicsTwice(bootstrap);
      commitOneTransaction(bootstrap);
      assertThat(readCommitted(bootstrap, Topic.ASSET_PUBLISHED.topicName())).containsExactly("committed");
    }
  }

  @Test
  void keepsItsTopicsMessagesAndAddressAcrossARestart() throws Exception {
    String bootstrap;
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0)) {
      bootstrap = broker.bootstrapServers();
      createCatalogTopicsTwice(bootstrap);
      commitOneTransaction(bootstrap);
    }

    try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.start(data, 0)) {
      assertThat(restarted.bootstrapServers()).isEqualTo(bootstrap);
      assertThat(readCommitted(bootstrap, Topic.ASSET_PUBLISHED.topicName())).containsExactly("committed");
    }
  }

  @Test
  void aKeptPortsFileGivingBothListenersOnePortIsRepairedKeepingTheClientPort() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) { // the OS once handed back the same port for both
      port = free.getLocalPort();
    }
    Files.writeString(data.resolve("ports.properties"), "broker=" + port + "\ncontroller=" + port + "\n");

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0)) {
      assertThat(broker.bootstrapServers()).endsWith(":" + port);
      createCatalogTopicsTwice(broker.bootstrapServers());
    }
    Properties kept = new Properties();
    try (var in = Files.newInputStream(data.resolve("ports.properties"))) {
      kept.load(in);
    }
    assertThat(kept.getProperty("broker")).isEqualTo(Integer.toString(port));
    assertThat(kept.getProperty("controller")).isNotEqualTo(Integer.toString(port));
  }

  @Test
  void finalizesALogFormattedByAnOlderKafkaAtThisReleaseWithShareGroupsOn() throws Exception {
    Path logDir = data.resolve("logs");
    new Formatter() // what Kafka 4.1 formatted: metadata.version 4.1-IV1, no share groups
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.IBP_4_1_IV1)
        .run();

    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data, 0); Admin admin = admin(broker.bootstrapServers())) {
      var finalized = admin.describeFeatures().featureMetadata().get().finalizedFeatures();
      assertThat(finalized.get(MetadataVersion.FEATURE_NAME).maxVersionLevel())
          .isEqualTo(MetadataVersion.latestProduction().featureLevel());
      assertThat(ShareVersion.fromFeatureLevel(finalized.get(ShareVersion.FEATURE_NAME).maxVersionLevel())
          .supportsShareGroups()).isTrue();
    }
  }

  private static void createCatalogTopicsTwice(String bootstrap) throws Exception {
    String topic = Topic.ASSET_PUBLISHED.topicName();
    try (Admin admin = admin(bootstrap)) {
      TopicInstaller.ensureTopics(admin, (short) 1);
      TopicInstaller.ensureTopics(admin, (short) 1); // idempotent

      var described = admin.describeTopics(List.of(topic, Topic.RENDITION_TASKS.topicName())).allTopicNames().get();
      assertThat(described.get(topic).partitions()).hasSize(Topic.ASSET_PUBLISHED.partitions());
      assertThat(described.get(Topic.RENDITION_TASKS.topicName()).partitions()).hasSize(Topic.RENDITION_TASKS.partitions());
      Config config = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all().get()
          .values().iterator().next();
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
    }
  }

  private static void commitOneTransaction(String bootstrap) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "broker-test"), new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(Topic.ASSET_PUBLISHED.topicName(), 0, "a1", "committed"));
      producer.commitTransaction();
    }
  }

  private static Admin admin(String bootstrap) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private static List<String> readCommitted(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      TopicPartition p0 = new TopicPartition(topic, 0);
      consumer.assign(List.of(p0));
      consumer.seekToBeginning(List.of(p0));
      // the log's end with the commit marker in it: a read-committed end offset can still be the last stable offset
      // before the marker, written just after commitTransaction returns, and would read nothing
      long end;
      try (KafkaConsumer<String, String> uncommitted = new KafkaConsumer<>(Map.of(
          ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), new StringDeserializer(), new StringDeserializer())) {
        end = uncommitted.endOffsets(List.of(p0)).get(p0);
      }
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (consumer.position(p0) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      return values;
    }
  }
}
