package io.vwmedia.aws.mediaconvert;

import io.vwmedia.events.RungSpec;
import java.util.Locale;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecLevel;
import software.amazon.awssdk.services.mediaconvert.model.H264CodecProfile;
import software.amazon.awssdk.services.mediaconvert.model.H264FramerateControl;
import software.amazon.awssdk.services.mediaconvert.model.H264GopSizeUnits;
import software.amazon.awssdk.services.mediaconvert.model.H264InterlaceMode;
import software.amazon.awssdk.services.mediaconvert.model.H264RateControlMode;
import software.amazon.awssdk.services.mediaconvert.model.H264SceneChangeDetect;
import software.amazon.awssdk.services.mediaconvert.model.H264Settings;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodec;
import software.amazon.awssdk.services.mediaconvert.model.VideoCodecSettings;

/**
 * One video rung as MediaConvert's H.264 settings, the same encode our x264 workers make: the template's average
 * bitrate with its peak and VBV buffer (VBR: the peak-capped average, as x264's ABR with VBV), IDR every
 * {@code gopSeconds} in closed GOPs, no scene-change keyframes (segments must start on the shared grid), the rung's
 * profile and level, and its exact frame rate (29.97 as 30000/1001).
 */
final class H264Rung {

  private H264Rung() {}

  static VideoCodecSettings codecSettings(RungSpec rung) {
    int[] rate = frameRate(rung.getFrameRate());
    return VideoCodecSettings.builder().codec(VideoCodec.H_264).h264Settings(H264Settings.builder()
        .codecProfile(profile(rung.getProfile()))
        .codecLevel(level(rung.getLevel()))
        .rateControlMode(H264RateControlMode.VBR)
        .bitrate(rung.getBitrateKbps() * 1000)
        .maxBitrate(rung.getMaxBitrateKbps() * 1000)
        .hrdBufferSize(rung.getBufferKbits() * 1000)
        .gopSize(rung.getGopSeconds())
        .gopSizeUnits(H264GopSizeUnits.SECONDS)
        .gopClosedCadence(1)
        .sceneChangeDetect(H264SceneChangeDetect.DISABLED)
        .interlaceMode(H264InterlaceMode.PROGRESSIVE)
        .framerateControl(H264FramerateControl.SPECIFIED)
        .framerateNumerator(rate[0])
        .framerateDenominator(rate[1])
        .build()).build();
  }

  /** 29.97 (30000/1001) and its kin as NTSC fractions; whole rates as n/1; others to the millisecond. */
  static int[] frameRate(double fps) {
    long ntsc = Math.round(fps * 1001);
    if (ntsc % 1000 == 0 && Math.abs(ntsc / 1001.0 - fps) < 1e-6 && Math.abs(fps - Math.rint(fps)) > 1e-6) {
      return new int[] {(int) ntsc, 1001};
    }
    if (Math.abs(fps - Math.rint(fps)) < 1e-6) {
      return new int[] {(int) Math.rint(fps), 1};
    }
    return new int[] {(int) Math.round(fps * 1000), 1000};
  }

  static H264CodecProfile profile(String profile) {
    return switch (profile.toLowerCase(Locale.ROOT)) {
      case "baseline" -> H264CodecProfile.BASELINE;
      case "main" -> H264CodecProfile.MAIN;
      case "high" -> H264CodecProfile.HIGH;
      default -> throw new IllegalArgumentException("an H.264 profile MediaConvert has no name for: " + profile);
    };
  }

  /** "4.0" is LEVEL_4, "3.1" LEVEL_3_1; none lets MediaConvert choose. */
  static H264CodecLevel level(String level) {
    if (level == null || level.isBlank()) {
      return H264CodecLevel.AUTO;
    }
    String name = "LEVEL_" + level.replace(".0", "").replace('.', '_');
    H264CodecLevel parsed = H264CodecLevel.fromValue(name);
    if (parsed == H264CodecLevel.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("an H.264 level MediaConvert has no name for: " + level);
    }
    return parsed;
  }
}
