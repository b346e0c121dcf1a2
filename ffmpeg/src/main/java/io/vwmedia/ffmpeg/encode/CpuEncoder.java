package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.source.SourcePicture;
import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.util.List;

/**
 * What every CPU encoder shares: software decode and {@link SourcePreparation#chain}, the source prepared as the
 * quality meter and the per-title probe prepare it. Subclasses say only how they encode.
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
  public final String videoFilter(RenditionTask task) {
    RungSpec rung = task.getRung();
    return SourcePreparation.chain(SourcePicture.of(task), rung.getWidth(), rung.getHeight(), rung.getFrameRate());
  }
}
