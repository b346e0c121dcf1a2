package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.source.SourcePicture;
import io.vwmedia.ffmpeg.source.SourcePreparation;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 or HEVC on an NVIDIA GPU with NVENC. When the source needs no CPU filter, frames stay on the GPU from decode to
 * encode ({@code -hwaccel cuda -hwaccel_output_format cuda}, {@code scale_cuda}); a source to deinterlace or
 * tone-map is decoded on the GPU, filtered on the CPU and encoded on the GPU. Keyframes forced by the builder are
 * made IDR ({@code -forced-idr}) and NVENC's own scene-cut keyframes are off, so rungs stay aligned with x264's.
 */
public final class NvencEncoder implements Encoder {

  private final String codec;
  private final String preset;

  /** H.264 ({@code h264_nvenc}). @param preset NVENC preset p1 (fastest) to p7 (best) */
  public NvencEncoder(String preset) {
    this("h264", preset);
  }

  /** @param codec {@code h264} or {@code hevc} */
  public NvencEncoder(String codec, String preset) {
    if (!codec.equals("h264") && !codec.equals("hevc")) {
      throw new IllegalArgumentException("NVENC encodes h264 or hevc, not " + codec);
    }
    this.codec = codec;
    this.preset = preset;
  }

  @Override
  public String name() {
    return codec + "_nvenc";
  }

  @Override
  public String codec() {
    return codec;
  }

  @Override
  public boolean usesGpu() {
    return true;
  }

  /**
   * Whether frames can stay on the GPU from decode to encode: the source needs no CPU filter (deinterlacing,
   * tone-mapping, a matrix or range conversion), only {@code scale_cuda}.
   */
  static boolean fullGpu(RenditionTask task) {
    return SourcePreparation.onlyScales(SourcePicture.of(task));
  }

  @Override
  public List<String> inputArgs(RenditionTask task) {
    if (fullGpu(task)) {
      return List.of("-hwaccel", "cuda", "-hwaccel_output_format", "cuda");
    }
    return List.of("-hwaccel", "cuda");
  }

  @Override
  public String videoFilter(RenditionTask task) {
    RungSpec rung = task.getRung();
    if (fullGpu(task)) {
      return "scale_cuda=w=" + rung.getWidth() + ":h=" + rung.getHeight() + ":interp_algo=bicubic:format=yuv420p,setsar=1"
          + ",fps=" + SourcePreparation.rate(rung.getFrameRate());
    }
    return SourcePreparation.chain(SourcePicture.of(task), rung.getWidth(), rung.getHeight(), rung.getFrameRate());
  }

  @Override
  public List<String> codecArgs(RungSpec rung) {
    List<String> args = new ArrayList<>(List.of(
        "-c:v", name(),
        "-preset", preset,
        "-tune", "hq",
        "-profile:v", rung.getProfile(),
        "-rc", "vbr",
        "-b:v", rung.getBitrateKbps() + "k",
        "-maxrate", rung.getMaxBitrateKbps() + "k",
        "-bufsize", rung.getBufferKbits() + "k",
        "-rc-lookahead", "20",
        "-spatial-aq", "1",
        "-bf", "3",
        "-forced-idr", "1",
        "-no-scenecut", "1"));
    if (rung.getLevel() != null) {
      args.addAll(List.of("-level:v", rung.getLevel()));
    }
    if (codec.equals("hevc")) {
      args.addAll(List.of("-tag:v", "hvc1")); // the sample entry Apple's players require for HEVC in fMP4
    }
    return args;
  }
}
