package io.vwmedia.launcher.cli;

import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsCatalog;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: the data folder and {@code vw.*} settings given on the command line. */
public final class CommonOptions {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:VW_DATA_DIR:-.vw-media}",
      description = "Folder for the embedded broker log, schema ids, topology state and storage (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "A vw.* setting, e.g. -s vw.worker.concurrency=2 (also read from system properties and VW_* environment variables).")
  Map<String, String> settings = new LinkedHashMap<>();

  Settings settings() {
    return Settings.fromEnvironment(settings);
  }

  /**
   * Refuses, before the command starts anything, every {@code vw.*} value given that no module declares or that its
   * setting does not accept, all in one {@link io.vwmedia.config.ConfigException}.
   */
  public void validateSettings() {
    SettingsCatalog.load().validate(settings());
  }
}
