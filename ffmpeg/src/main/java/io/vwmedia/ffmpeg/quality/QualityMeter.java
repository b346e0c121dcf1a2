package io.vwmedia.ffmpeg.quality;

import io.vwmedia.events.QualityScores;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.encode.ChunkWindow;
import io.vwmedia.ffmpeg.process.FfmpegProcess;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePicture;
import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Measures what a rung's encode cost in quality: PSNR and SSIM (and VMAF when FFmpeg has libvmaf) of the encoded
 * rung against its source, the source prepared exactly as the rung was ({@link SourcePreparation#chain}), so the
 * score is the encoder's loss and nothing else.
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
      FfmpegProcess.Result r = FfmpegProcess.of(List.of(ffmpeg, "-hide_banner", "-filters"))
          .captureStdout().timeout(Duration.ofSeconds(30)).run();
      return r.succeeded() && new String(r.stdout(), StandardCharsets.UTF_8).contains(" libvmaf ");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Scores of {@code encoded} (a playlist or file FFmpeg reads) against the task's source; empty if FFmpeg fails. For a
   * chunk, against the same window of the source, decoded from where the chunk's encode decoded it ({@code window};
   * null for a whole rung), both sides counted from the chunk's first frame.
   */
  public Optional<QualityScores> measure(Path encoded, FfmpegInput source, RenditionTask task, ChunkWindow window,
      Duration timeout) throws InterruptedException {
    String graph = graph(task, vmaf);
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats",
        "-protocol_whitelist", "file", "-i", "file:" + encoded));
    if (window != null) {
      cmd.addAll(window.inputArgs());
    }
    cmd.addAll(source.args());
    cmd.addAll(List.of("-lavfi", graph, "-f", "null", "-"));
    try {
      FfmpegProcess.Result r = FfmpegProcess.of(cmd).timeout(timeout).run();
      return r.succeeded() ? parse(r.stderr()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The filter graph: input 0 the encoded rung, input 1 the source prepared as the rung's encode prepared it. */
  static String graph(RenditionTask task, boolean vmaf) {
    RungSpec rung = task.getRung();
    String reference = SourcePreparation.chain(SourcePicture.of(task), rung.getWidth(), rung.getHeight(), rung.getFrameRate());
    String encoded = "format=yuv420p,setsar=1";
    if (task.getChunk() != null) {
      reference += "," + ChunkWindow.of(task).trim() + ",setpts=PTS-STARTPTS";
      encoded = "setpts=PTS-STARTPTS," + encoded;
    }
    int branches = vmaf ? 3 : 2;
    return "[0:v]" + encoded + ",split=" + branches + "[d1][d2]" + (vmaf ? "[d3]" : "") + ";"
        + "[1:v]" + reference + ",split=" + branches + "[r1][r2]" + (vmaf ? "[r3]" : "") + ";"
        + "[d1][r1]psnr;[d2][r2]ssim" + (vmaf ? ";[d3][r3]libvmaf=n_threads=2" : "");
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
