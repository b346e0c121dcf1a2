package io.vwmedia.topology.plan;

import io.vwmedia.storage.SourceInputs;
import io.vwmedia.topology.probe.SourceInfo;
import io.vwmedia.topology.template.LadderTemplate.PerTitle;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures how many bits a source's content needs: a quick constant-quality (CRF) x264 encode of a window of the
 * source at a small size, its bytes counted straight off FFmpeg's output pipe. Busy, noisy, high-motion content
 * needs many bits at the same CRF; static or flat content few.
 */
public final class ComplexityProbe {

  private final String ffmpeg;
  private final Duration timeout;

  public ComplexityProbe(String ffmpeg, Duration timeout) {
    this.ffmpeg = ffmpeg;
    this.timeout = timeout;
  }

  /** The probe encode's bitrate in kbit/s, or empty if FFmpeg could not make one in time. */
  public OptionalDouble probeKbps(String sourceUri, SourceInfo source, PerTitle perTitle) throws InterruptedException {
    double start = source.durationSeconds() > perTitle.probeSeconds() + 2 ? source.durationSeconds() * 0.1 : 0;
    double window = Math.min(perTitle.probeSeconds(), source.durationSeconds() - start);
    String scale = source.isPortrait()
        ? "scale=" + perTitle.probeHeight() + ":-2" : "scale=-2:" + perTitle.probeHeight();
    List<String> cmd = List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin",
        "-ss", String.format(Locale.ROOT, "%.3f", start), "-t", String.format(Locale.ROOT, "%.3f", window),
        "-i", SourceInputs.toFfmpegInput(sourceUri), "-map", "0:v:0", "-an", "-sn",
        "-vf", scale + ":flags=bicubic,format=yuv420p",
        "-c:v", "libx264", "-preset", "veryfast", "-crf", Integer.toString(perTitle.probeCrf()),
        "-f", "h264", "pipe:1");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      CompletableFuture<Long> bytes = CompletableFuture.supplyAsync(() -> count(p.getInputStream()));
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return OptionalDouble.empty();
      }
      long size = bytes.join();
      if (p.exitValue() != 0 || size <= 0 || window <= 0) {
        return OptionalDouble.empty();
      }
      return OptionalDouble.of(size * 8 / window / 1000);
    } catch (IOException e) {
      return OptionalDouble.empty();
    }
  }

  /**
   * How the rungs' bitrates scale for this probe result: probe / reference, never above 1 (the template's bitrate
   * is the most a rung gets) and never below the template's floor.
   */
  public static double bitrateFactor(double probeKbps, PerTitle perTitle) {
    return Math.max(perTitle.minRatio(), Math.min(1.0, probeKbps / perTitle.referenceKbps()));
  }

  private static long count(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
      }
    } catch (IOException e) {
      return -1;
    }
    return total;
  }
}
