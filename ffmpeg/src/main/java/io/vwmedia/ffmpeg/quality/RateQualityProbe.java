package io.vwmedia.ffmpeg.quality;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.ffmpeg.process.FfmpegProcess;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


/**
 * Measures, for each video rung of a plan, how this source's quality grows with bitrate at that rung's own size and
 * frame rate: two constant-quality (CRF) x264 encodes per rung of a window of the source, in one FFmpeg run that
 * decodes the window once. x264 scores each encode against the frames it was given ({@code -flags +psnr}) and
 * reports its bitrate, so nothing is decoded twice. Probing at the rung's size matters: film grain that
 * downscaling averages away at 360p is incompressible at 1080p.
 */
public final class RateQualityProbe {

  /** x264's closing summary: {@code [libx264 @ 0x..] PSNR Mean Y:.. U:.. V:.. Avg:.. Global:44.01 kb/s:1630.94}. */
  private static final Pattern SUMMARY =
      Pattern.compile("\\[libx264 @ (\\w+)] PSNR Mean .*Global:\\s*([\\d.]+|inf)\\s+kb/s:\\s*([\\d.]+)");

  private final String ffmpeg;
  private final Duration timeout;

  /**
   * How the probe encodes: a window of {@code seconds} from 10% into the source, x264 at {@code preset}, at CRF
   * {@code qualityCrf} and {@code economyCrf}.
   */
  public record Encodes(double seconds, String preset, int qualityCrf, int economyCrf) {}

  /**
   * Two points of one rung's rate-quality line.
   *
   * @param highKbps bitrate of the higher-quality encode (the lower CRF)
   * @param highPsnr its PSNR against the source prepared for the rung, dB
   * @param lowKbps bitrate of the lower-quality encode
   * @param lowPsnr its PSNR
   */
  public record Points(double highKbps, double highPsnr, double lowKbps, double lowPsnr) {}

  public RateQualityProbe(String ffmpeg, Duration timeout) {
    this.ffmpeg = ffmpeg;
    this.timeout = timeout;
  }

  /** Per video rung name, its two probe points; empty if FFmpeg could not make them in time. */
  public Map<String, Points> probe(FfmpegInput input, SourceInfo source, List<RungSpec> rungs, Encodes encodes)
      throws InterruptedException {
    List<RungSpec> video = rungs.stream().filter(r -> r.getKind() == RungKind.VIDEO).toList();
    if (video.isEmpty()) {
      return Map.of();
    }
    try {
      FfmpegProcess.Result r = FfmpegProcess.of(command(input, source, video, encodes)).timeout(timeout).run();
      return r.succeeded() ? read(r.stderr(), video) : Map.of();
    } catch (IOException e) {
      return Map.of();
    }
  }

  /**
   * One FFmpeg run: the window decoded once, split per rung, each branch prepared by {@link SourcePreparation#chain}
   * exactly as the rung's encode prepares it, then split again into the two CRF encodes.
   */
  List<String> command(FfmpegInput input, SourceInfo source, List<RungSpec> video, Encodes encodes) {
    double start = source.durationSeconds() > encodes.seconds() + 2 ? source.durationSeconds() * 0.1 : 0;
    double window = Math.max(0.5, Math.min(encodes.seconds(), source.durationSeconds() - start));
    StringBuilder graph = new StringBuilder("[0:v]split=").append(video.size());
    for (int i = 0; i < video.size(); i++) {
      graph.append("[s").append(i).append(']');
    }
    for (int i = 0; i < video.size(); i++) {
      RungSpec r = video.get(i);
      graph.append(";[s").append(i).append(']')
          .append(SourcePreparation.chain(source.picture(), r.getWidth(), r.getHeight(), r.getFrameRate()))
          .append(",split=2[q").append(i).append("][e").append(i).append(']');
    }
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
        "-ss", num(start), "-t", num(window)));
    cmd.addAll(input.args());
    cmd.addAll(List.of("-filter_complex", graph.toString()));
    for (int i = 0; i < video.size(); i++) {
      for (String label : List.of("q", "e")) {
        int crf = label.equals("q") ? encodes.qualityCrf() : encodes.economyCrf();
        cmd.addAll(List.of("-map", "[" + label + i + "]", "-an", "-sn",
            "-c:v", "libx264", "-preset", encodes.preset(), "-crf", Integer.toString(crf), "-flags", "+psnr",
            "-f", "null", "-"));
      }
    }
    return cmd;
  }

  /** x264 closes its encoders in output order, each with its own log context: rung by rung, quality then economy. */
  static Map<String, Points> read(String stderr, List<RungSpec> video) {
    List<double[]> points = new ArrayList<>();
    Matcher m = SUMMARY.matcher(stderr);
    while (m.find()) {
      double psnr = m.group(2).equals("inf") ? 100.0 : Double.parseDouble(m.group(2));
      points.add(new double[] {Double.parseDouble(m.group(3)), psnr});
    }
    if (points.size() != 2 * video.size()) {
      return Map.of();
    }
    Map<String, Points> byRung = new LinkedHashMap<>();
    for (int i = 0; i < video.size(); i++) {
      double[] q = points.get(2 * i);
      double[] e = points.get(2 * i + 1);
      byRung.put(video.get(i).getName(), new Points(q[0], q[1], e[0], e[1]));
    }
    return byRung;
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
