package io.vwmedia.topology.plan;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.storage.FfmpegInput;
import io.vwmedia.topology.probe.SourceInfo;
import io.vwmedia.topology.template.LadderTemplate.PerTitle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  public RateQualityProbe(String ffmpeg, Duration timeout) {
    this.ffmpeg = ffmpeg;
    this.timeout = timeout;
  }

  /** Per video rung name, its two probe points; empty if FFmpeg could not make them in time. */
  public Map<String, RateQuality> probe(FfmpegInput input, SourceInfo source, List<RungSpec> rungs, PerTitle perTitle)
      throws InterruptedException {
    List<RungSpec> video = rungs.stream().filter(r -> r.getKind() == RungKind.VIDEO).toList();
    if (video.isEmpty()) {
      return Map.of();
    }
    List<String> cmd = command(input, source, video, perTitle);
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
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return Map.of();
      }
      if (p.exitValue() != 0) {
        return Map.of();
      }
      return read(stderr.join(), video);
    } catch (IOException e) {
      return Map.of();
    }
  }

  List<String> command(FfmpegInput input, SourceInfo source, List<RungSpec> video, PerTitle perTitle) {
    double start = source.durationSeconds() > perTitle.probeSeconds() + 2 ? source.durationSeconds() * 0.1 : 0;
    double window = Math.max(0.5, Math.min(perTitle.probeSeconds(), source.durationSeconds() - start));
    StringBuilder graph = new StringBuilder("[0:v]");
    if (source.interlaced()) {
      graph.append("bwdif=mode=send_frame:parity=auto:deint=interlaced,");
    }
    graph.append("split=").append(video.size());
    for (int i = 0; i < video.size(); i++) {
      graph.append("[s").append(i).append(']');
    }
    for (int i = 0; i < video.size(); i++) {
      RungSpec r = video.get(i);
      graph.append(";[s").append(i).append("]scale=").append(r.getWidth()).append(':').append(r.getHeight())
          .append(":flags=bicubic,setsar=1,format=yuv420p,fps=").append(fps(r.getFrameRate()))
          .append(",split=2[q").append(i).append("][e").append(i).append(']');
    }
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info",
        "-ss", num(start), "-t", num(window)));
    cmd.addAll(input.args());
    cmd.addAll(List.of("-filter_complex", graph.toString()));
    for (int i = 0; i < video.size(); i++) {
      for (String label : List.of("q", "e")) {
        int crf = label.equals("q") ? perTitle.qualityCrf() : perTitle.economyCrf();
        cmd.addAll(List.of("-map", "[" + label + i + "]", "-an", "-sn",
            "-c:v", "libx264", "-preset", perTitle.probePreset(), "-crf", Integer.toString(crf), "-flags", "+psnr",
            "-f", "null", "-"));
      }
    }
    return cmd;
  }

  /** x264 closes its encoders in output order, each with its own log context: rung by rung, quality then economy. */
  static Map<String, RateQuality> read(String stderr, List<RungSpec> video) {
    List<double[]> points = new ArrayList<>();
    Matcher m = SUMMARY.matcher(stderr);
    while (m.find()) {
      double psnr = m.group(2).equals("inf") ? 100.0 : Double.parseDouble(m.group(2));
      points.add(new double[] {Double.parseDouble(m.group(3)), psnr});
    }
    if (points.size() != 2 * video.size()) {
      return Map.of();
    }
    Map<String, RateQuality> byRung = new LinkedHashMap<>();
    for (int i = 0; i < video.size(); i++) {
      double[] q = points.get(2 * i);
      double[] e = points.get(2 * i + 1);
      byRung.put(video.get(i).getName(), new RateQuality(q[0], q[1], e[0], e[1]));
    }
    return byRung;
  }

  private static String fps(double fps) {
    return String.format(Locale.ROOT, "%.6f", fps);
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }
}
