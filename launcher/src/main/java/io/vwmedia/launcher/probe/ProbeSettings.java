package io.vwmedia.launcher.probe;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.nio.file.Path;
import java.util.List;

/** Where {@code probe-startup} finds the web-player harness and the browser it drives, and how long a load may take. */
public final class ProbeSettings extends SettingsGroup.Declared {

  public static final Setting<Path> PLAYERS_DIR = Setting.path("vw.probe.players-dir",
          "the web-player harness (play.mjs, harness.html and their node_modules) that loads the manifest")
      .computedDefault(ProbeSettings::defaultPlayersDir,
          "`$VW_HOME/players` (bin/vw-media sets VW_HOME to the repository), else `players` in the working directory");
  public static final Setting<Path> CHROMIUM = Setting.path("vw.probe.chromium",
          "the headless Chromium the harness drives (Debian's package; no browser is downloaded)")
      .computedDefault(() -> Path.of(System.getenv().getOrDefault("VW_CHROMIUM", "/usr/bin/chromium")),
          "`$VW_CHROMIUM`, else /usr/bin/chromium");
  public static final Setting<String> NODE = Setting.string("vw.probe.node", "node",
      "the Node.js that runs the harness");
  public static final Setting<java.time.Duration> LOAD_TIMEOUT = Setting.duration("vw.probe.load-timeout", "30s",
      "how long one load may wait for its first frame; a load that shows none by then counts as an error");

  public ProbeSettings() {
    super("probe", "Startup probe", List.of("probe-startup"), PLAYERS_DIR, CHROMIUM, NODE, LOAD_TIMEOUT);
  }

  private static Path defaultPlayersDir() {
    String home = System.getenv("VW_HOME");
    return home == null || home.isBlank() ? Path.of("players") : Path.of(home, "players");
  }
}
