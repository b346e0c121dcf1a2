package io.vwmedia.launcher.cli;

import io.vwmedia.aws.StorageSettings;
import io.vwmedia.config.Settings;
import io.vwmedia.launcher.stack.StorageBackend;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where segments and manifests are stored, for the parts run against a cluster. */
public final class StorageOptions {

  @Option(names = "--storage", paramLabel = "DIR|s3://BUCKET/PREFIX",
      description = "Storage shared by workers and topology: a folder (a mounted volume) or s3://bucket/prefix"
          + " (vw.storage.s3.* settings for the endpoint and region). Default: vw.storage.uri, else DATA_DIR/storage.")
  String storage;

  StorageBackend backend(Settings settings, Path dataDir) {
    Settings effective = storage == null ? settings : settings.with(Map.of(StorageSettings.STORAGE_URI.key(), storage));
    return StorageBackend.from(effective, dataDir.resolve("storage"));
  }
}
