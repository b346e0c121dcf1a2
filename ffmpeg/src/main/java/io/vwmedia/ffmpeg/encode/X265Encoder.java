package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RungSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * HEVC on the CPU with libx265, for rungs a template asks in HEVC. x265 opens GOPs and cuts on scene changes by
 * default; both are turned off, and forced keyframes are IDR, so HEVC rungs align with H.264 ones. The sample entry
 * is {@code hvc1}, as Apple's players require in fMP4.
 */
public final class X265Encoder extends CpuEncoder {

  private final String preset;

  /** @param preset x265 speed preset (the same names as x264's) */
  public X265Encoder(String preset) {
    this.preset = preset;
  }

  @Override
  public String name() {
    return "libx265";
  }

  @Override
  public String codec() {
    return "hevc";
  }

  @Override
  public List<String> codecArgs(RungSpec rung) {
    StringBuilder params = new StringBuilder("scenecut=0:open-gop=0:log-level=error");
    if (rung.getLevel() != null) {
      params.append(":level-idc=").append(rung.getLevel());
    }
    List<String> args = new ArrayList<>(List.of(
        "-c:v", "libx265",
        "-preset", preset,
        "-profile:v", rung.getProfile(),
        "-b:v", rung.getBitrateKbps() + "k",
        "-maxrate", rung.getMaxBitrateKbps() + "k",
        "-bufsize", rung.getBufferKbits() + "k",
        "-forced-idr", "1",
        "-x265-params", params.toString(),
        "-tag:v", "hvc1"));
    return args;
  }
}
