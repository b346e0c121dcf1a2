package io.vwmedia.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro in Confluent's wire format (magic byte 0, 4-byte big-endian schema id, Avro binary), with the subject
 * {@code <topic>-value} (or {@code -key}), so Kafka UI and any Confluent-compatible consumer read our topics.
 * Confluent's own serializer is not on Maven Central; this is the thin part of it we need, over Avro's encoder.
 * Readers resolve the writer's schema into the generated class, so fields added with defaults evolve both ways.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

  static final byte MAGIC = 0;

  private final Class<T> type;
  private final Schema readerSchema;
  private final SpecificData data;
  private final SchemaRegistryClient registry;
  private final Map<Integer, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();
  private final SpecificDatumWriter<T> writer;
  private volatile boolean isKey;

  private AvroSerde(Class<T> type, SchemaRegistryClient registry) {
    this.type = type;
    this.data = SpecificData.getForClass(type);
    this.readerSchema = data.getSchema(type);
    this.registry = registry;
    this.writer = new SpecificDatumWriter<>(readerSchema, data);
  }

  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaRegistryClient registry) {
    return new AvroSerde<>(type, registry);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
  }

  @Override
  public Serializer<T> serializer() {
    return new Serializer<>() {
      @Override
      public void configure(Map<String, ?> configs, boolean key) {
        isKey = key;
      }

      @Override
      public byte[] serialize(String topic, T value) {
        return AvroSerde.this.serialize(topic, value);
      }
    };
  }

  @Override
  public Deserializer<T> deserializer() {
    return new Deserializer<>() {
      @Override
      public T deserialize(String topic, byte[] bytes) {
        return AvroSerde.this.deserialize(topic, bytes);
      }
    };
  }

  byte[] serialize(String topic, T value) {
    if (value == null) {
      return null;
    }
    int id = registry.register(topic + (isKey ? "-key" : "-value"), readerSchema);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(MAGIC);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writer.write(value, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("cannot write " + type.getSimpleName() + " to topic " + topic + ": " + e.getMessage(), e);
    }
  }

  T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length < 5) {
      throw new SerializationException("message on topic " + topic + " is " + bytes.length
          + " bytes, too short for Confluent's wire format (magic byte and 4-byte schema id)");
    }
    if (bytes[0] != MAGIC) {
      throw new SerializationException("message on topic " + topic + " starts with byte " + bytes[0]
          + ", not Confluent's magic byte 0: not written by an Avro schema-registry serializer");
    }
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    SpecificDatumReader<T> reader = readers.computeIfAbsent(id,
        i -> new SpecificDatumReader<>(registry.schemaById(i), readerSchema, data));
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
      T value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SerializationException("message on topic " + topic + " has bytes left after its " + type.getSimpleName());
      }
      return value;
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException s) {
        throw s;
      }
      throw new SerializationException("message on topic " + topic + " with schema id " + id + " is not a valid "
          + type.getSimpleName() + ": " + e, e);
    }
  }
}
