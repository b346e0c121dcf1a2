package io.vwmedia.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The embedded default's store: a folder on the local filesystem. Each write goes to a temporary file beside its
 * target and is renamed into place, so a player or a crash never sees half an object.
 */
public final class LocalObjectStore implements ObjectStore {

  private final Path root;

  public LocalObjectStore(Path root) {
    try {
      this.root = Files.createDirectories(root).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create storage folder " + root + ": " + e.getMessage(), e);
    }
  }

  public Path root() {
    return root;
  }

  /** The local file behind a key. */
  public Path pathOf(String key) {
    return root.resolve(StorageKeys.validate(key));
  }

  @Override
  public void put(String key, Path file, String contentType) {
    Path target = pathOf(key);
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
      moveIntoPlace(tmp, target);
    } catch (IOException e) {
      throw ObjectStore.failure("storing", key, e);
    }
  }

  @Override
  public void put(String key, byte[] content, String contentType) {
    Path target = pathOf(key);
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
      Files.write(tmp, content);
      moveIntoPlace(tmp, target);
    } catch (IOException e) {
      throw ObjectStore.failure("storing", key, e);
    }
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public byte[] read(String key) {
    try {
      return Files.readAllBytes(pathOf(key));
    } catch (IOException e) {
      throw ObjectStore.failure("reading", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(pathOf(key));
  }

  @Override
  public List<String> list(String prefix) {
    StorageKeys.validatePrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    Path base = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(base)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(base)) {
      return files.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(key -> key.startsWith(prefix) && !key.substring(key.lastIndexOf('/') + 1).startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw ObjectStore.failure("listing", prefix, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(pathOf(key));
    } catch (IOException e) {
      throw ObjectStore.failure("deleting", key, e);
    }
  }

  @Override
  public void deletePrefix(String prefix) {
    StorageKeys.validatePrefix(prefix);
    Path base = prefix.endsWith("/") ? root.resolve(prefix.substring(0, prefix.length() - 1)) : root;
    if (!Files.exists(base)) {
      return;
    }
    try (Stream<Path> files = Files.walk(base)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        String key = root.relativize(p).toString().replace('\\', '/');
        if (key.startsWith(prefix) || (key + "/").equals(prefix)) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw ObjectStore.failure("deleting prefix", prefix, e);
    }
  }

  @Override
  public String locate(String key) {
    return pathOf(key).toString();
  }
}
