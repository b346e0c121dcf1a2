package io.vwmedia.serde;

import org.apache.avro.Schema;

/**
 * Registers and looks up Avro schemas by Confluent-style integer id: the seam between our serde and whichever
 * registry a deployment runs (a Confluent-compatible REST registry, or a local folder on the embedded default).
 * Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /** The id of {@code schema} under {@code subject}, registering it if new; the same schema always gets the same id. */
  int register(String subject, Schema schema);

  /**
   * The schema with this id.
   *
   * @throws org.apache.kafka.common.errors.SerializationException when the registry has no such id
   */
  Schema schemaById(int id);

  @Override
  void close();
}
