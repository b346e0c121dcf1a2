package io.vwmedia.launcher.probe;

import io.vwmedia.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The web-player harness ({@code players/play.mjs}: hls.js, dash.js and Shaka Player in headless Chromium, driven by
 * playwright-core) as this machine has it. {@link #locate} checks it is all there before anything is started, so a
 * missing piece is one sentence naming the fix rather than a failed load.
 *
 * @param dir the folder with play.mjs, harness.html and node_modules
 * @param chromium the browser binary
 * @param node the Node.js binary (a name on the PATH or a path)
 * @param loadTimeout how long one load may wait for its first frame
 */
public record PlayerHarness(Path dir, Path chromium, String node, Duration loadTimeout) {

  /** What a missing harness or browser is, with the command or setting that fixes it. */
  public static final class UnavailableException extends Exception {
    UnavailableException(String message) {
      super(message);
    }
  }

  /** The harness the settings point at, checked. */
  public static PlayerHarness locate(Settings settings) throws UnavailableException {
    PlayerHarness harness = new PlayerHarness(settings.get(ProbeSettings.PLAYERS_DIR).toAbsolutePath().normalize(),
        settings.get(ProbeSettings.CHROMIUM), settings.get(ProbeSettings.NODE), settings.get(ProbeSettings.LOAD_TIMEOUT));
    harness.check();
    return harness;
  }

  public Path script() {
    return dir.resolve("play.mjs");
  }

  private void check() throws UnavailableException {
    String install = "bin/vw-media installs it on first use (node, npm and chromium from Debian, then npm ci in"
        + " players/); or set " + ProbeSettings.PLAYERS_DIR.key() + " to a checkout's players folder";
    if (!Files.isRegularFile(script())) {
      throw new UnavailableException("no web-player harness at " + dir + " (play.mjs is missing): " + install);
    }
    if (!Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
      throw new UnavailableException("the web players are not installed in " + dir + " (no node_modules): run"
          + " `npm ci --prefix " + dir + "`, or " + install);
    }
    if (!Files.isExecutable(chromium)) {
      throw new UnavailableException("no chromium at " + chromium + ": apt-get install chromium (bin/vw-media does),"
          + " or set " + ProbeSettings.CHROMIUM.key() + " (or VW_CHROMIUM) to the browser");
    }
  }
}
