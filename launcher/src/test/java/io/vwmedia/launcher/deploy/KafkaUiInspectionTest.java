package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.TestBrokers;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.topics.KafkaConnection;
import io.vwmedia.topics.Topic;
import io.vwmedia.topics.TopicInstaller;
import io.vwmedia.topics.TopicSerdes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Our users' inspection story, where Docker answers: Apache Kafka, Apicurio Registry (its Confluent-compatible API)
 * and Kafka UI (kafbat) on one Docker network; one real {@code UploadRequested}, produced with the project's own
 * serde against that registry, is read back through Kafka UI's REST API with the value decoded from Avro by its
 * SchemaRegistry serde. Skipped here: "no Docker on this machine".
 */
class KafkaUiInspectionTest {

  /** Apicurio at the version the REST client is tested against (the root pom's apicurio.version). */
  static final String REGISTRY_IMAGE = "apicurio/apicurio-registry:3.0.9";
  static final String CCOMPAT = "/apis/ccompat/v7";
  static final String KAFKA_UI_IMAGE = "ghcr.io/kafbat/kafka-ui:v1.5.0";
  static final String CLUSTER = "vw-media";

  @BeforeEach
  void needsDocker() {
    TestBrokers.assumeDocker();
  }

  @Test
  void kafkaUiShowsAnUploadEventDecodedFromAvroThroughTheRegistry() throws Exception {
    try (Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(TestBrokers.KAFKA_IMAGE)
            .withNetwork(network).withNetworkAliases("kafka").withListener("kafka:19092");
        GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE)
            .withNetwork(network).withNetworkAliases("registry").withExposedPorts(8080)
            .waitingFor(Wait.forHttp(CCOMPAT + "/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        GenericContainer<?> ui = new GenericContainer<>(KAFKA_UI_IMAGE)
            .withNetwork(network).withExposedPorts(8080)
            .withEnv(Map.of(
                "KAFKA_CLUSTERS_0_NAME", CLUSTER,
                "KAFKA_CLUSTERS_0_BOOTSTRAPSERVERS", "kafka:19092",
                "KAFKA_CLUSTERS_0_SCHEMAREGISTRY", "http://registry:8080" + CCOMPAT))
            .dependsOn(kafka, registry)
            .waitingFor(Wait.forHttp("/actuator/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)))) {
      ui.start();

      String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + CCOMPAT;
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers()))) {
        TopicInstaller.ensureTopics(admin, (short) 1);
      }
      UploadRequested upload = UploadRequested.newBuilder().setAssetId("inspect-1")
          .setSourceUri("s3://vw-media-sources-dev/uploads/inspect-1.mp4").setCorrelationId("inspect")
          .setRequestedAt(Instant.parse("2026-01-02T03:04:05Z")).build();
      TopicSerdes serdes = new TopicSerdes(SchemaRegistries.fromUrl(registryUrl));
      try (UploadSubmitter submitter = new UploadSubmitter(KafkaConnection.plaintext(kafka.getBootstrapServers()), serdes.uploadRequested())) {
        submitter.submit(upload);
      }

      URI messages = URI.create("http://" + ui.getHost() + ":" + ui.getMappedPort(8080) + "/api/clusters/" + CLUSTER
          + "/topics/" + Topic.UPLOAD_REQUESTED.topicName() + "/messages/v2?mode=EARLIEST&limit=10"
          + "&keySerde=String&valueSerde=SchemaRegistry");
      JsonNode message = firstMessage(messages, Duration.ofMinutes(1));

      assertThat(message.path("key").asText()).isEqualTo("inspect-1");
      assertThat(message.path("valueSerde").asText()).isEqualTo("SchemaRegistry");
      JsonNode value = new ObjectMapper().readTree(message.path("value").asText());
      assertThat(value.path("assetId").asText()).isEqualTo("inspect-1");
      assertThat(value.path("sourceUri").asText()).isEqualTo("s3://vw-media-sources-dev/uploads/inspect-1.mp4");
      assertThat(value.path("templateId").asText()).isEqualTo("vw-media-hls-v3");
      assertThat(value.path("correlationId").asText()).isEqualTo("inspect");
    }
  }

  /**
   * The first MESSAGE event of Kafka UI's messages stream ({@code text/event-stream}, one {@code data:} JSON
   * {@code TopicMessageEvent} per event), asking again until it has one: the UI reads the cluster asynchronously.
   */
  static JsonNode firstMessage(URI uri, Duration wait) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + wait.toNanos();
    List<String> seen = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      seen.add(response.statusCode() + " " + response.body());
      if (response.statusCode() == 200) {
        for (String line : response.body().split("\n")) {
          if (!line.startsWith("data:")) continue;
          JsonNode event = json.readTree(line.substring("data:".length()));
          if (event.path("type").asText().equals("MESSAGE")) return event.path("message");
        }
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("Kafka UI showed no message at " + uri + "; it answered: " + seen.get(seen.size() - 1));
  }
}
