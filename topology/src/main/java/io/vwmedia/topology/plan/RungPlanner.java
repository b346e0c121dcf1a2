package io.vwmedia.topology.plan;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.probe.SourceInfo;
import io.vwmedia.topology.template.LadderTemplate.AudioRung;
import io.vwmedia.topology.template.LadderTemplate.FitToSource;
import io.vwmedia.topology.template.LadderTemplate.VideoRung;
import io.vwmedia.topology.template.LadderTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which rungs a source gets. A rung's height is the short side of its picture; no rung is encoded
 * above the source's short side, but a source smaller than every rung still gets the lowest one at its own size.
 * Where the template fits its ladder to the source ({@link FitToSource}), a source between two rungs also gets a
 * top rung at its own size, so its picture is not thrown away for the rung below it.
 * The display aspect is kept and every dimension is even; the frame rate is the source's, capped by the template.
 */
public final class RungPlanner {

  public RungPlan plan(LadderTemplate template, SourceInfo source) {
    return plan(template, source, Map.of());
  }

  /**
   * Plans with video rungs' bitrates scaled by the factor given for their name (from a per-title probe; a rung
   * not named keeps the template's): peak and VBV buffer keep the template's ratios to the average. A rung fitted
   * to the source is named for its short side ({@code 480p}) and takes a factor by that name.
   */
  public RungPlan plan(LadderTemplate template, SourceInfo source, Map<String, Double> bitrateFactors) {
    bitrateFactors.forEach((rung, factor) -> {
      if (!(factor > 0 && factor <= 1)) {
        throw new IllegalArgumentException("bitrate factor of " + rung + " must be in (0, 1], was " + factor);
      }
    });
    double fps = Math.min(source.frameRate(), template.maxFrameRate());
    Map<VideoRung, String> skippedRungs = new LinkedHashMap<>();
    List<VideoRung> rungs = ladder(template, source, fps, skippedRungs);
    List<RungSpec> encode = new ArrayList<>();
    for (VideoRung rung : rungs) {
      encode.add(video(template, scaled(rung, bitrateFactors.getOrDefault(rung.name(), 1.0)), source, fps));
    }
    Map<RungSpec, String> skipped = new LinkedHashMap<>();
    skippedRungs.forEach((rung, reason) -> skipped.put(video(template, rung, source, fps), reason));
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

  /** The video rungs to encode, each at its short side; those left out go into {@code skipped} with the reason. */
  private static List<VideoRung> ladder(
      LadderTemplate template, SourceInfo source, double fps, Map<VideoRung, String> skipped) {
    List<VideoRung> all = template.video();
    int shortSide = source.shortSide();
    String above = "above the source's resolution (" + source.width() + "x" + source.height() + ")";
    List<VideoRung> encode = new ArrayList<>();
    for (VideoRung rung : all) {
      if (rung.height() <= shortSide) {
        encode.add(rung);
      } else {
        skipped.put(rung, above);
      }
    }
    if (encode.isEmpty()) {
      VideoRung lowest = all.get(0);
      skipped.remove(lowest);
      encode.add(resized(lowest, even(shortSide)));
      return encode;
    }
    FitToSource fit = template.fitToSource();
    VideoRung top = all.get(all.size() - 1);
    if (fit == null || shortSide >= top.height()) {
      return encode;
    }
    int fitted = evenDown(shortSide);
    VideoRung below = encode.get(encode.size() - 1);
    VideoRung next = all.get(encode.size());
    if (shortSide >= next.height() * (1 - fit.tolerance())) {
      // a few lines short of the next rung: that rung, at the source's size
      skipped.remove(next);
      encode.add(resized(next, fitted));
    } else if (fitted > below.height() * (1 + fit.tolerance())) {
      String name = fitted + "p";
      if (all.stream().anyMatch(r -> r.name().equals(name))) {
        return encode; // the template uses the name for another height: keep its ladder as declared
      }
      VideoRung atSource = between(below, next, name, fitted, source, fps);
      if (Math.pow((double) fitted / below.height(), 2) < fit.minStep()) {
        encode.remove(below);
        skipped.put(below, "replaced by " + name + " at the source's size: closer than the template's minimum step "
            + fit.minStep() + "x in pixels");
      }
      encode.add(atSource);
    }
    return encode;
  }

  /**
   * A rung at {@code shortSide} between two of the template's: bitrates interpolated by pixel rate (width x height x
   * fps), the codec, profile and level (a floor, fitted later) of the rung below, the frame rate cap of the one above.
   */
  private static VideoRung between(
      VideoRung below, VideoRung above, String name, int shortSide, SourceInfo source, double fps) {
    double low = pixelRate(source, below.height(), rate(below, fps));
    double high = pixelRate(source, above.height(), rate(above, fps));
    double at = pixelRate(source, shortSide, rate(above, fps));
    double t = Math.max(0, Math.min(1, (at - low) / (high - low)));
    return new VideoRung(name, shortSide, below.codec(), below.profile(), below.level(),
        lerp(below.bitrateKbps(), above.bitrateKbps(), t), lerp(below.maxBitrateKbps(), above.maxBitrateKbps(), t),
        lerp(below.bufferKbits(), above.bufferKbits(), t), above.maxFrameRate());
  }

  private static double pixelRate(SourceInfo source, int shortSide, double fps) {
    int[] size = size(source, shortSide);
    return (double) size[0] * size[1] * fps;
  }

  private static int lerp(int from, int to, double t) {
    return (int) Math.round(from + (to - from) * t);
  }

  private static VideoRung resized(VideoRung r, int height) {
    return new VideoRung(r.name(), height, r.codec(), r.profile(), r.level(), r.bitrateKbps(), r.maxBitrateKbps(),
        r.bufferKbits(), r.maxFrameRate());
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

  private static RungSpec video(LadderTemplate t, VideoRung rung, SourceInfo source, double fps) {
    int[] size = size(source, rung.height());
    int width = size[0];
    int height = size[1];
    double rate = rate(rung, fps);
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

  private static double rate(VideoRung rung, double fps) {
    return rung.maxFrameRate() == null ? fps : capped(fps, rung.maxFrameRate());
  }

  /**
   * Width and height of a picture of this short side with the source's display aspect, both even; at the source's
   * own short side, the long side is not rounded past the source's either.
   */
  private static int[] size(SourceInfo source, int shortSide) {
    int longSide = Math.max(source.width(), source.height());
    int scaledLong = even((double) shortSide * longSide / source.shortSide());
    if (Math.abs(shortSide - source.shortSide()) <= 1) {
      scaledLong = Math.min(scaledLong, evenDown(longSide));
    }
    return source.isPortrait() ? new int[] {shortSide, scaledLong} : new int[] {scaledLong, shortSide};
  }

  private static int evenDown(int value) {
    return Math.max(2, value - value % 2);
  }

  private static int even(double value) {
    return Math.max(2, (int) Math.round(value / 2) * 2);
  }
}
