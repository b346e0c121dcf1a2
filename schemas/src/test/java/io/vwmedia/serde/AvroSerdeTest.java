package io.vwmedia.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vwmedia.events.UploadRequested;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  final SchemaRegistryClient registry = new LocalSchemaRegistryClient();
  final AvroSerde<UploadRequested> serde = AvroSerde.of(UploadRequested.class, registry);

  @Test
  void roundTripsAnEventThroughConfluentsWireFormat() {
    byte[] bytes = serde.serializer().serialize("media.upload.requested", Events.upload());

    assertThat(bytes[0]).as("magic byte").isZero();
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(registry.schemaById(id)).isEqualTo(UploadRequested.getClassSchema());
    assertThat(serde.deserializer().deserialize("media.upload.requested", bytes)).isEqualTo(Events.upload());
  }

  @Test
  void registersTheValueSchemaUnderTheTopicNameStrategySubject() {
    byte[] bytes = serde.serializer().serialize("media.upload.requested", Events.upload());

    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    assertThat(registry.register("media.upload.requested-value", UploadRequested.getClassSchema())).isEqualTo(id);
  }

  @Test
  void passesNullsThroughForTombstones() {
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserializer().deserialize("t", null)).isNull();
  }

  @Test
  void refusesBytesThatAreNotConfluentWireFormatWithAClearReason() {
    byte[] good = serde.serializer().serialize("media.upload.requested", Events.upload());
    byte[] wrongMagic = good.clone();
    wrongMagic[0] = 1;
    byte[] unknownId = good.clone();
    ByteBuffer.wrap(unknownId, 1, 4).putInt(999);
    byte[] truncated = Arrays.copyOf(good, good.length - 7);

    assertThatThrownBy(() -> serde.deserializer().deserialize("media.upload.requested", new byte[0]))
        .isInstanceOf(SerializationException.class).hasMessageContaining("too short").hasMessageContaining("media.upload.requested");
    assertThatThrownBy(() -> serde.deserializer().deserialize("media.upload.requested", "{\"assetId\":1}".getBytes()))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not Confluent's magic byte 0");
    assertThatThrownBy(() -> serde.deserializer().deserialize("media.upload.requested", wrongMagic))
        .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
    assertThatThrownBy(() -> serde.deserializer().deserialize("media.upload.requested", unknownId))
        .isInstanceOf(SerializationException.class).hasMessageContaining("unknown schema id 999");
    assertThatThrownBy(() -> serde.deserializer().deserialize("media.upload.requested", truncated))
        .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid UploadRequested");
  }

  @Test
  void readsWhatAnOlderProducerWroteWithNewFieldsAtTheirDefaults() throws Exception {
    Schema v1 = WireFormat.resource("/evolution/UploadRequested-v1.avsc");
    int v1Id = registry.register("media.upload.requested-value", v1);
    GenericRecord old = Events.uploadV1(v1);

    UploadRequested read = serde.deserializer().deserialize("media.upload.requested", WireFormat.write(v1Id, v1, old));

    assertThat(read.getAssetId()).isEqualTo("old-1");
    assertThat(read.getOverrides()).isNull();
    assertThat(read.getRequestedAt()).isEqualTo(Events.T0);
  }

  @Test
  void writesWhatAnOlderConsumerCanStillRead() throws Exception {
    Schema v1 = WireFormat.resource("/evolution/UploadRequested-v1.avsc");
    byte[] bytes = serde.serializer().serialize("media.upload.requested", Events.upload());

    GenericRecord seenByOld = WireFormat.read(bytes, registry.schemaById(WireFormat.schemaId(bytes)), v1);

    assertThat(seenByOld.get("assetId")).hasToString("a1");
    assertThat(seenByOld.getSchema().getField("overrides")).isNull();
  }
}
