package io.vwmedia.launcher.cli;

import io.vwmedia.storage.LocalObjectStore;
import io.vwmedia.storage.ObjectStore;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where segments and manifests are stored, for the parts run against a cluster. */
public final class StorageOptions {

  @Option(names = "--storage", paramLabel = "DIR", required = true,
      description = "Storage folder shared by workers and topology (a mounted volume in a cluster).")
  Path storage;

  ObjectStore store() {
    return new LocalObjectStore(storage);
  }
}
