package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RungSpec;
import java.util.ArrayList;
import java.util.List;

/** H.264 on the CPU with libx264: the path every machine has. */
public final class X264Encoder extends CpuEncoder {

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
