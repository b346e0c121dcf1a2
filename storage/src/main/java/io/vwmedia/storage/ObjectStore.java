package io.vwmedia.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Where segments and manifests land. The pipeline writes through this port only, so the same code publishes to
 * a local folder on the embedded default and to S3 in a cluster.
 *
 * <p>Keys are relative, slash-separated paths checked by {@link StorageKeys#validate}. Writes are atomic per
 * object: a reader sees the whole object or none of it.
 */
public interface ObjectStore {

  /** Stores a local file under {@code key}. */
  void put(String key, Path file, String contentType) throws UncheckedIOException;

  /** Stores bytes under {@code key}. */
  void put(String key, byte[] content, String contentType) throws UncheckedIOException;

  /** Reads an object whole; for manifests and tests, not for segments in a hot path. */
  byte[] read(String key) throws UncheckedIOException;

  boolean exists(String key);

  /** Keys of every object whose key starts with {@code prefix}, sorted. */
  java.util.List<String> list(String prefix) throws UncheckedIOException;

  /** Removes one object; nothing happens if it does not exist. */
  void delete(String key) throws UncheckedIOException;

  /** Removes every object whose key starts with {@code prefix}. */
  void deletePrefix(String prefix) throws UncheckedIOException;

  /**
   * Where a user or player finds the object: an absolute path for the local store, a URL for remote stores.
   */
  String locate(String key);

  /** Wraps an {@link IOException} with the key it concerns. */
  static UncheckedIOException failure(String action, String key, IOException cause) {
    return new UncheckedIOException(action + " '" + key + "' failed: " + cause.getMessage(), cause);
  }
}
