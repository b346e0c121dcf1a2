package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import java.util.List;

/**
 * A video encoder FFmpeg can run: the port behind which x264 on CPU and NVENC on GPU differ. An encoder says how
 * to decode, filter and encode; {@link FfmpegCommandBuilder} owns everything the rungs must share (keyframes,
 * frame rate, colour tags, segments).
 */
public interface Encoder {

  /** FFmpeg's name for the encoder, reported on each rung result, e.g. {@code libx264}. */
  String name();

  /** The codec it makes, as templates name it: {@code h264} or {@code hevc}. */
  String codec();

  /** Whether this encoder runs on a GPU, so a failure is worth a retry on the CPU. */
  boolean usesGpu();

  /** Arguments placed before {@code -i}: hardware decode setup, empty for CPU encoders. */
  List<String> inputArgs(RenditionTask task);

  /**
   * The whole {@code -vf} chain for a rung, ending with the {@code fps} filter; on the CPU, {@link
   * io.vwmedia.ffmpeg.source.SourcePreparation#chain}, the chain the quality meter and the per-title probe use too.
   */
  String videoFilter(RenditionTask task);

  /** Codec, profile, level and rate-control arguments for one rung; GOP arguments are added by the builder. */
  List<String> codecArgs(RungSpec rung);
}
