package io.vwmedia.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The embedded default's schema registry: ids kept in an append-only JSON-lines file ({@code schemas.jsonl})
 * that is fsync'ed on every new schema, so a restarted stack reads every message it wrote before. Another
 * process sharing the folder (e.g. {@code vw-media submit} beside {@code vw-media serve}) sees new ids: an unknown
 * id or schema makes the client re-read the file, and appends hold a file lock. Without a folder it lives in
 * memory only, for tests.
 */
public final class LocalSchemaRegistryClient implements SchemaRegistryClient {

  private static final String FILE = "schemas.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<Integer, Schema> byId = new HashMap<>();
  private final Map<String, Integer> bySubjectAndSchema = new HashMap<>();
  private int nextId = 1;

  /** A registry kept in {@code dir}, created if missing. */
  public LocalSchemaRegistryClient(Path dir) {
    try {
      Files.createDirectories(dir);
      this.file = dir.resolve(FILE);
      try {
        Files.createFile(file);
      } catch (FileAlreadyExistsException alreadyThere) {
        // kept from an earlier run, or made a moment ago by another process starting on the same folder
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create schema registry folder " + dir + ": " + e.getMessage(), e);
    }
    synchronized (this) {
      reload();
    }
  }

  /** A registry in memory only. */
  public LocalSchemaRegistryClient() {
    this.file = null;
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    String key = subject + "\n" + schema.toString();
    Integer id = bySubjectAndSchema.get(key);
    if (id != null) {
      return id;
    }
    if (file == null) {
      return add(nextId, subject, schema);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        var lock = channel.lock()) {
      reload();
      id = bySubjectAndSchema.get(key);
      if (id != null) {
        return id;
      }
      // the same schema text under another subject keeps its id, as in Confluent's registry
      int newId = byId.entrySet().stream()
          .filter(e -> e.getValue().equals(schema))
          .map(Map.Entry::getKey)
          .findFirst()
          .orElse(nextId);
      ObjectNode line = JSON.createObjectNode().put("id", newId).put("subject", subject).put("schema", schema.toString());
      channel.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.force(true);
      return add(newId, subject, schema);
    } catch (IOException e) {
      throw new SerializationException("cannot record schema for subject " + subject + " in " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = byId.get(id);
    if (schema == null && file != null) {
      reload();
      schema = byId.get(id);
    }
    if (schema == null) {
      throw new SerializationException("unknown schema id " + id + " (not in the local registry"
          + (file == null ? "" : " " + file) + ")");
    }
    return schema;
  }

  private int add(int id, String subject, Schema schema) {
    byId.putIfAbsent(id, schema);
    bySubjectAndSchema.put(subject + "\n" + schema.toString(), id);
    nextId = Math.max(nextId, id + 1);
    return id;
  }

  private void reload() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read schema registry file " + file + ": " + e.getMessage(), e);
    }
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        add(n.path("id").asInt(), n.path("subject").asText(), new Schema.Parser().parse(n.path("schema").asText()));
      } catch (IOException | RuntimeException e) {
        // a line cut short by a crash mid-append: the ids before it are intact
        break;
      }
    }
  }

  @Override
  public void close() {}
}
