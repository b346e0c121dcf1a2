package io.vwmedia.worker.ffmpeg;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import java.util.List;

/**
 * What every CPU encoder shares: software decode, the source's own filters, then {@link #cpuScale} to the rung's
 * size, square pixels, 8-bit 4:2:0, BT.709 limited range. Subclasses say only how they encode.
 */
public abstract class CpuEncoder implements Encoder {

  @Override
  public final boolean usesGpu() {
    return false;
  }

  @Override
  public final List<String> inputArgs(RenditionTask task) {
    return List.of();
  }

  @Override
  public final String videoFilter(RenditionTask task, String sourceFilters) {
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
    boolean toneMapped = FfmpegCommandBuilder.isHdr(task);
    String matrix = task.getSourceColorMatrix();
    if (!toneMapped && !"bt709".equals(matrix)) {
      scale.append(":in_color_matrix=").append(matrix).append(":out_color_matrix=bt709");
    }
    if (!toneMapped && task.getSourceFullRange()) {
      scale.append(":in_range=full:out_range=limited");
    }
    return scale.append(",setsar=1,format=yuv420p").toString();
  }
}
