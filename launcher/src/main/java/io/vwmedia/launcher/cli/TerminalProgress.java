package io.vwmedia.launcher.cli;

import io.vwmedia.worker.ffmpeg.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A one-line progress display on a terminal while rungs encode ({@code a1 360p 100% 720p 42% ...}), redrawn at
 * most ten times a second on stderr. Silent when stderr is not a terminal, so logs and pipes stay clean.
 */
final class TerminalProgress implements ProgressListener {

  private final PrintStream out;
  private final boolean enabled;
  private final Map<String, Map<String, Double>> byAsset = new ConcurrentHashMap<>();
  private volatile long lastDraw;

  TerminalProgress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  static TerminalProgress forConsole() {
    return new TerminalProgress(System.err, System.console() != null && System.getenv("CI") == null);
  }

  @Override
  public void onProgress(String assetId, String rung, double fraction) {
    if (!enabled) {
      return;
    }
    byAsset.computeIfAbsent(assetId, a -> new ConcurrentHashMap<>()).put(rung, fraction);
    long now = System.currentTimeMillis();
    if (now - lastDraw < 100 && fraction < 1) {
      return;
    }
    lastDraw = now;
    StringBuilder line = new StringBuilder();
    new TreeMap<>(byAsset).forEach((asset, rungs) -> {
      line.append(asset).append(':');
      new TreeMap<>(rungs).forEach((r, f) -> line.append(' ').append(r).append(String.format(Locale.ROOT, " %3.0f%%", f * 100)));
      line.append("  ");
    });
    String text = line.length() > 160 ? line.substring(line.length() - 160) : line.toString();
    synchronized (out) {
      out.print("\r\033[K" + text);
      out.flush();
    }
  }

  /** Clears the line once an asset is done, so the next output starts clean. */
  void assetFinished(String assetId) {
    byAsset.remove(assetId);
    if (enabled) {
      synchronized (out) {
        out.print("\r\033[K");
        out.flush();
      }
    }
  }
}
