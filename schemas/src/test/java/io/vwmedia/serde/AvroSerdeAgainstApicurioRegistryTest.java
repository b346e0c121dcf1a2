package io.vwmedia.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.AssetPackaged;
import io.vwmedia.events.AssetProgress;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.topics.Topic;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The REST client and serde against a real Apicurio Registry 3.0.9 (Confluent-compatible API), started by the test. */
class AvroSerdeAgainstApicurioRegistryTest {

  static ApicurioRegistry apicurio;

  @BeforeAll
  static void startRegistry() throws Exception {
    apicurio = ApicurioRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    if (apicurio != null) apicurio.close();
  }

  private static <T extends SpecificRecord> void roundTrip(Class<T> type, String topic, T event) {
    try (RestSchemaRegistryClient writerSide = new RestSchemaRegistryClient(apicurio.ccompatUrl());
        RestSchemaRegistryClient readerSide = new RestSchemaRegistryClient(apicurio.ccompatUrl())) {
      byte[] bytes = AvroSerde.of(type, writerSide).serializer().serialize(topic, event);
      // a second client with empty caches fetches the writer schema from the registry by id
      assertThat(AvroSerde.of(type, readerSide).deserializer().deserialize(topic, bytes)).isEqualTo(event);
    }
  }

  @Test
  void roundTripsEveryEventThroughTheRealRegistry() {
    roundTrip(UploadRequested.class, Topic.UPLOAD_REQUESTED.topicName(), Events.upload());
    roundTrip(RenditionTask.class, Topic.RENDITION_TASKS.topicName(), Events.task());
    roundTrip(RenditionResult.class, Topic.RENDITION_DONE.topicName(), Events.result());
    roundTrip(AssetPackaged.class, Topic.ASSET_PACKAGED.topicName(), Events.packaged());
    roundTrip(AssetPublished.class, Topic.ASSET_PUBLISHED.topicName(), Events.published());
    roundTrip(AssetProgress.class, "vw-media-topology-asset-progress-changelog", Events.progress());
  }

  @Test
  void usesTheIdsTheRegistryAssignsUnderTheTopicSubject() throws Exception {
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(apicurio.ccompatUrl())) {
      byte[] bytes = AvroSerde.of(AssetPublished.class, client).serializer().serialize("ids.check", Events.published());

      HttpResponse<String> latest = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(apicurio.ccompatUrl() + "/subjects/ids.check-value/versions/latest")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.body()).contains("\"id\":" + WireFormat.schemaId(bytes));
    }
  }

  @Test
  void evolvesBothWaysWhenASchemaGainsAnOptionalField() throws Exception {
    Schema v1 = WireFormat.resource("/evolution/UploadRequested-v1.avsc");
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(apicurio.ccompatUrl())) {
      String topic = "evolution.upload.requested";
      int v1Id = client.register(topic + "-value", v1);
      GenericRecord old = Events.uploadV1(v1);

      AvroSerde<UploadRequested> serde = AvroSerde.of(UploadRequested.class, client);
      UploadRequested read = serde.deserializer().deserialize(topic, WireFormat.write(v1Id, v1, old));
      assertThat(read.getAssetId()).isEqualTo("old-1");
      assertThat(read.getOverrides()).isNull();

      byte[] v2Bytes = serde.serializer().serialize(topic, Events.upload());
      assertThat(WireFormat.schemaId(v2Bytes)).isNotEqualTo(v1Id);
      try (RestSchemaRegistryClient oldConsumer = new RestSchemaRegistryClient(apicurio.ccompatUrl())) {
        GenericRecord seenByOld = WireFormat.read(v2Bytes, oldConsumer.schemaById(WireFormat.schemaId(v2Bytes)), v1);
        assertThat(seenByOld.get("assetId")).hasToString("a1");
      }
    }
  }

  @Test
  void saysSoWhenTheRegistryDoesNotKnowAnId() {
    try (RestSchemaRegistryClient client = new RestSchemaRegistryClient(apicurio.ccompatUrl())) {
      assertThatThrownBy(() -> client.schemaById(987_654)).isInstanceOf(SerializationException.class)
          .hasMessageContaining("unknown schema id").hasMessageContaining("404");
    }
  }
}
