package io.vwmedia.worker.ffmpeg;

import io.vwmedia.events.RungSpec;
import java.util.List;

/**
 * A video encoder FFmpeg can run: the port behind which x264 on CPU and NVENC on GPU differ. An encoder only
 * says how to encode; {@link FfmpegCommandBuilder} owns everything the rungs must share (keyframes, segments).
 */
public interface Encoder {

  /** FFmpeg's name for the encoder, reported on each rung result, e.g. {@code libx264}. */
  String name();

  /** Arguments placed before {@code -i}: hardware decode setup, empty for CPU encoders. */
  List<String> inputArgs();

  /** The filter that scales decoded frames to the rung's size (e.g. {@code scale} or {@code scale_cuda}). */
  String scaleFilter(RungSpec rung);

  /** Codec, profile, level and rate-control arguments for one rung; GOP arguments are added by the builder. */
  List<String> codecArgs(RungSpec rung);
}
