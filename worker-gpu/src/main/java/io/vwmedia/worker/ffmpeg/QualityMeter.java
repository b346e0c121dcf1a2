package io.vwmedia.worker.ffmpeg;

import io.vwmedia.events.QualityScores;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.storage.FfmpegInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures what a rung's encode cost in quality: PSNR and SSIM (and VMAF when FFmpeg has libvmaf) of the encoded
 * rung against its source, the source prepared exactly as the rung was (deinterlaced, tone-mapped, scaled, same
 * frame rate), so the score is the encoder's loss and nothing else.
 */
public final class QualityMeter {

  private static final Pattern PSNR = Pattern.compile("PSNR y:[\\d.inf]+ u:[\\d.inf]+ v:[\\d.inf]+ average:([\\d.]+|inf)");
  private static final Pattern SSIM = Pattern.compile("SSIM .* All:([\\d.]+)");
  private static final Pattern VMAF = Pattern.compile("VMAF score[:=]\\s*([\\d.]+)");

  private final String ffmpeg;
  private final boolean vmaf;

  public QualityMeter(String ffmpeg, boolean vmafAvailable) {
    this.ffmpeg = ffmpeg;
    this.vmaf = vmafAvailable;
  }

  /** Whether this FFmpeg build has the libvmaf filter. */
  public static boolean hasVmaf(String ffmpeg) {
    try {
      Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-filters").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String filters = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor() == 0 && filters.contains(" libvmaf ");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Scores of {@code encoded} (a playlist or file FFmpeg reads) against the task's source; empty if FFmpeg fails. */
  public Optional<QualityScores> measure(Path encoded, FfmpegInput source, RenditionTask task, Duration timeout)
      throws InterruptedException {
    String prepare = FfmpegCommandBuilder.sourceFilters(task);
    String reference = (prepare.isEmpty() ? "" : prepare + ",") + CpuEncoder.cpuScale(task)
        + ",fps=" + FfmpegCommandBuilder.rate(task.getRung().getFrameRate());
    int branches = vmaf ? 3 : 2;
    String graph = "[0:v]format=yuv420p,setsar=1,split=" + branches + "[d1][d2]" + (vmaf ? "[d3]" : "") + ";"
        + "[1:v]" + reference + ",split=" + branches + "[r1][r2]" + (vmaf ? "[r3]" : "") + ";"
        + "[d1][r1]psnr;[d2][r2]ssim" + (vmaf ? ";[d3][r3]libvmaf=n_threads=2" : "");
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats",
        "-protocol_whitelist", "file", "-i", "file:" + encoded));
    cmd.addAll(source.args());
    cmd.addAll(List.of("-lavfi", graph, "-f", "null", "-"));
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      p.getOutputStream().close();
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          return "";
        }
      });
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? parse(stderr.join()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads FFmpeg's summary lines of the psnr, ssim and libvmaf filters. */
  static Optional<QualityScores> parse(String stderr) {
    Matcher psnr = PSNR.matcher(stderr);
    Matcher ssim = SSIM.matcher(stderr);
    if (!psnr.find() || !ssim.find()) {
      return Optional.empty();
    }
    double psnrValue = psnr.group(1).equals("inf") ? 100.0 : Double.parseDouble(psnr.group(1));
    Matcher vmaf = VMAF.matcher(stderr);
    Double vmafValue = vmaf.find() ? Double.valueOf(vmaf.group(1)) : null;
    return Optional.of(new QualityScores(psnrValue, Double.parseDouble(ssim.group(1)), vmafValue));
  }
}
