package io.vwmedia.launcher.probe;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A web player the probe can load a manifest in: its name on the command line and in metrics, and the harness's. */
public enum StartupPlayer {
  HLS_JS("hls.js", "hls"),
  SHAKA("shaka", "shaka"),
  DASHJS("dashjs", "dash");

  private final String tag;
  private final String harnessName;

  StartupPlayer(String tag, String harnessName) {
    this.tag = tag;
    this.harnessName = harnessName;
  }

  /** The name {@code --player} takes and the {@code player} tag of the meters. */
  public String tag() {
    return tag;
  }

  /** The name play.mjs takes. */
  String harnessName() {
    return harnessName;
  }

  public static Optional<StartupPlayer> named(String name) {
    return Arrays.stream(values()).filter(p -> p.tag.equals(name)).findFirst();
  }

  /** The player a viewer would get for this manifest: hls.js for an HLS playlist, Shaka for a DASH MPD. */
  public static Optional<StartupPlayer> forManifest(String url) {
    String path = Optional.ofNullable(URI.create(url).getPath()).orElse("").toLowerCase(Locale.ROOT);
    if (path.endsWith(".m3u8")) return Optional.of(HLS_JS);
    if (path.endsWith(".mpd")) return Optional.of(SHAKA);
    return Optional.empty();
  }
}
