package io.vwmedia.launcher.cli;

import io.vwmedia.worker.ProgressListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A one-line progress display on a terminal while rungs encode ({@code a1: 360p 100% 720p 42% ...}), redrawn at
 * most ten times a second on stderr, for the assets of this command only (the workers may also be finishing
 * assets an earlier, interrupted run left behind). Silent when not on a terminal, so logs and pipes stay clean.
 */
final class TerminalProgress implements ProgressListener {

  private final PrintStream out;
  private final boolean enabled;
  private final Predicate<String> shown;
  private final Map<String, Map<String, Double>> byAsset = new LinkedHashMap<>();
  private long lastDraw;

  TerminalProgress(PrintStream out, boolean enabled, Predicate<String> shown) {
    this.out = out;
    this.enabled = enabled;
    this.shown = shown;
  }

  /** Progress of the assets {@code shown} accepts, on stderr if this process runs on a terminal. */
  static TerminalProgress forConsole(Predicate<String> shown) {
    return new TerminalProgress(System.err, System.console() != null && System.getenv("CI") == null, shown);
  }

  @Override
  public synchronized void onProgress(String assetId, String rung, double fraction) {
    if (!enabled || !shown.test(assetId)) {
      return;
    }
    byAsset.computeIfAbsent(assetId, a -> new LinkedHashMap<>()).put(rung, fraction);
    long now = System.currentTimeMillis();
    if (now - lastDraw < 100 && fraction < 1) {
      return;
    }
    lastDraw = now;
    StringBuilder line = new StringBuilder();
    byAsset.forEach((asset, rungs) -> {
      line.append(asset).append(':');
      rungs.forEach((r, f) -> line.append(' ').append(r).append(String.format(Locale.ROOT, " %3.0f%%", f * 100)));
      line.append("  ");
    });
    String text = line.length() > 160 ? line.substring(line.length() - 160) : line.toString();
    synchronized (out) {
      out.print("\r\033[K" + text);
      out.flush();
    }
  }

  /** Clears the line once an asset is done, so the next output starts clean. */
  synchronized void assetFinished(String assetId) {
    byAsset.remove(assetId);
    if (enabled) {
      synchronized (out) {
        out.print("\r\033[K");
        out.flush();
      }
    }
  }
}
