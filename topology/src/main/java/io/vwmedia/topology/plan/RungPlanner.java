package io.vwmedia.topology.plan;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.template.LadderTemplate.AudioRung;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import io.vwmedia.topology.template.LadderTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which rungs a source gets. A rung's height is the short side of its picture; no rung is encoded
 * above the source's short side, but a source smaller than every rung still gets the lowest one at its own size.
 * The display aspect is kept and every dimension is even; the frame rate is the source's, capped by the template.
 */
public final class RungPlanner {

  public RungPlan plan(LadderTemplate template, SourceInfo source) {
    return plan(template, source, Map.of());
  }

  /**
   * Plans with video rungs' bitrates scaled by the factor given for their name (from a per-title probe; a rung
   * not named keeps the template's): peak and VBV buffer keep the template's ratios to the average.
   */
  public RungPlan plan(LadderTemplate template, SourceInfo source, Map<String, Double> bitrateFactors) {
    bitrateFactors.forEach((rung, factor) -> {
      if (!(factor > 0 && factor <= 1)) {
        throw new IllegalArgumentException("bitrate factor of " + rung + " must be in (0, 1], was " + factor);
      }
    });
    List<RungSpec> encode = new ArrayList<>();
    Map<RungSpec, String> skipped = new LinkedHashMap<>();
    double fps = Math.min(source.frameRate(), template.maxFrameRate());
    for (VideoRung rung : template.video()) {
      if (rung.height() <= source.shortSide()) {
        encode.add(video(template, scaled(rung, bitrateFactors.getOrDefault(rung.name(), 1.0)), source, rung.height(), fps));
      } else {
        skipped.put(video(template, rung, source, rung.height(), fps),
            "above the source's resolution (" + source.width() + "x" + source.height() + ")");
      }
    }
    if (encode.isEmpty()) {
      VideoRung lowest = template.video().get(0);
      RungSpec atSourceSize = video(template, scaled(lowest, bitrateFactors.getOrDefault(lowest.name(), 1.0)), source,
          even(source.shortSide()), fps);
      skipped.keySet().removeIf(s -> s.getName().equals(lowest.name()));
      encode.add(atSourceSize);
    }
    AudioRung audio = template.audio();
    if (audio != null) {
      RungSpec spec = audio(template, audio);
      if (source.hasAudio()) {
        encode.add(spec);
      } else {
        skipped.put(spec, "the source has no audio");
      }
    }
    return new RungPlan(List.copyOf(encode), skipped);
  }

  /** The rate divided by the smallest whole number that brings it under the cap: 60 to 30, 50 to 25, 59.94 to 29.97. */
  static double capped(double fps, double cap) {
    return fps <= cap + 1e-6 ? fps : fps / Math.ceil(fps / cap - 1e-6);
  }

  private static VideoRung scaled(VideoRung r, double factor) {
    if (factor == 1.0) {
      return r;
    }
    int kbps = (int) Math.round(r.bitrateKbps() * factor);
    return new VideoRung(r.name(), r.height(), r.codec(), r.profile(), r.level(), kbps,
        (int) Math.round((double) kbps * r.maxBitrateKbps() / r.bitrateKbps()),
        (int) Math.round((double) kbps * r.bufferKbits() / r.bitrateKbps()), r.maxFrameRate());
  }

  private static RungSpec video(LadderTemplate t, VideoRung rung, SourceInfo source, int shortSide, double fps) {
    double aspect = (double) source.width() / source.height();
    int width;
    int height;
    if (source.isPortrait()) {
      width = shortSide;
      height = even(shortSide / aspect);
    } else {
      height = shortSide;
      width = even(shortSide * aspect);
    }
    double rate = rung.maxFrameRate() == null ? fps : capped(fps, rung.maxFrameRate());
    // the template's level is for a 16:9 picture at up to 30 fps: a wider or faster rung needs a higher one
    String level = "h264".equals(rung.codec())
        ? H264Levels.fitting(rung.level(), width, height, rate, rung.maxBitrateKbps(), rung.bufferKbits())
        : rung.level();
    return RungSpec.newBuilder()
        .setName(rung.name())
        .setKind(RungKind.VIDEO)
        .setCodec(rung.codec())
        .setProfile(rung.profile())
        .setLevel(level)
        .setWidth(width)
        .setHeight(height)
        .setFrameRate(rate)
        .setBitrateKbps(rung.bitrateKbps())
        .setMaxBitrateKbps(rung.maxBitrateKbps())
        .setBufferKbits(rung.bufferKbits())
        .setGopSeconds(t.gopSeconds())
        .setSegmentSeconds(t.segmentSeconds())
        .setFirstSegmentSeconds(t.startSegmentSeconds())
        .build();
  }

  private static RungSpec audio(LadderTemplate t, AudioRung a) {
    return RungSpec.newBuilder()
        .setName(a.name())
        .setKind(RungKind.AUDIO)
        .setCodec(a.codec())
        .setProfile(a.profile())
        .setLevel(null)
        .setBitrateKbps(a.bitrateKbps())
        .setMaxBitrateKbps(a.bitrateKbps())
        .setBufferKbits(a.bitrateKbps() * 2)
        .setGopSeconds(t.gopSeconds())
        .setSegmentSeconds(t.segmentSeconds())
        .setFirstSegmentSeconds(t.startSegmentSeconds())
        .setAudioChannels(a.channels())
        .setAudioSampleRate(a.sampleRate())
        .build();
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }
}
