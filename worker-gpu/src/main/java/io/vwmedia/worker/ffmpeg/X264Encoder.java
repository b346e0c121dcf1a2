package io.vwmedia.worker.ffmpeg;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import java.util.ArrayList;
import java.util.List;

/** H.264 on the CPU with libx264: the path every machine has. */
public final class X264Encoder implements Encoder {

  private final String preset;
  private final int threads;

  /**
   * @param preset x264 speed preset, e.g. {@code fast}
   * @param threads encoder threads, 0 for x264's own choice from the cores
   */
  public X264Encoder(String preset, int threads) {
    this.preset = preset;
    this.threads = threads;
  }

  @Override
  public String name() {
    return "libx264";
  }

  @Override
  public String codec() {
    return "h264";
  }

  @Override
  public boolean usesGpu() {
    return false;
  }

  @Override
  public List<String> inputArgs(RenditionTask task) {
    return List.of();
  }

  @Override
  public String videoFilter(RenditionTask task, String sourceFilters) {
    String scale = cpuScale(task);
    return sourceFilters.isEmpty() ? scale : sourceFilters + "," + scale;
  }

  /**
   * Scale on the CPU to the rung's size, square pixels, 8-bit 4:2:0, BT.709 limited range. The matrix and range
   * are converted only when the source differs: naming them otherwise would make FFmpeg convert every frame even
   * where the size does not change.
   */
  static String cpuScale(RenditionTask task) {
    RungSpec rung = task.getRung();
    StringBuilder scale = new StringBuilder("scale=").append(rung.getWidth()).append(':').append(rung.getHeight()).append(":flags=bicubic");
    boolean toneMapped = !FfmpegCommandBuilder.sourceFilters(task).isEmpty() && FfmpegCommandBuilder.isHdr(task);
    String matrix = task.getSourceColorMatrix();
    if (!toneMapped && !"bt709".equals(matrix)) {
      scale.append(":in_color_matrix=").append(matrix).append(":out_color_matrix=bt709");
    }
    if (!toneMapped && task.getSourceFullRange()) {
      scale.append(":in_range=full:out_range=limited");
    }
    return scale.append(",setsar=1,format=yuv420p").toString();
  }

  @Override
  public List<String> codecArgs(RungSpec rung) {
    List<String> args = new ArrayList<>(List.of(
        "-c:v", "libx264",
        "-preset", preset,
        "-profile:v", rung.getProfile(),
        "-b:v", rung.getBitrateKbps() + "k",
        "-maxrate", rung.getMaxBitrateKbps() + "k",
        "-bufsize", rung.getBufferKbits() + "k"));
    if (rung.getLevel() != null) {
      args.addAll(List.of("-level:v", rung.getLevel()));
    }
    if (threads > 0) {
      args.addAll(List.of("-threads", Integer.toString(threads)));
    }
    return args;
  }
}
