package io.vwmedia.topology.template;

import java.util.List;

/**
 * A ladder template as declared in {@code templates/<id>.json}: the rungs every asset is encoded to, before the
 * source and per-asset overrides narrow them down. Loaded and validated by {@link TemplateCatalog}.
 */
public record LadderTemplate(
    String id,
    int version,
    String description,
    double gopSeconds,
    double segmentSeconds,
    double maxFrameRate,
    List<VideoRung> video,
    AudioRung audio,
    PerTitle perTitle) {

  /** A template without per-title bitrates. */
  public LadderTemplate(String id, int version, String description, double gopSeconds, double segmentSeconds,
      double maxFrameRate, List<VideoRung> video, AudioRung audio) {
    this(id, version, description, gopSeconds, segmentSeconds, maxFrameRate, video, audio, null);
  }

  /**
   * Per-title bitrates, when a template opts in: a fast CRF encode of a window of the source measures how many
   * bits its content needs; every rung's bitrate is the template's scaled by {@code measured / referenceKbps},
   * never above the template's and never below {@code minRatio} of it. Easy content spends fewer bits; hard
   * content keeps the template's.
   *
   * @param probeCrf x264 CRF of the probe encode
   * @param probeHeight short side the probe encodes at
   * @param probeSeconds how much of the source the probe encodes (from 10% in, when the source is long enough)
   * @param referenceKbps the probe bitrate of content that needs the template's full bitrates
   * @param minRatio the lowest fraction of the template's bitrate a rung may get
   */
  public record PerTitle(int probeCrf, int probeHeight, double probeSeconds, int referenceKbps, double minRatio) {}

  /**
   * One video rung: its height is the short side of the picture, so portrait sources get the same ladder.
   *
   * @param maxFrameRate optional cap for this rung (e.g. 30 for 360p); a source above it is halved (or divided by
   *     a larger whole number) so the rung's frames are a subset of the others' and keyframes stay aligned
   */
  public record VideoRung(
      String name,
      int height,
      String codec,
      String profile,
      String level,
      int bitrateKbps,
      int maxBitrateKbps,
      int bufferKbits,
      Double maxFrameRate) {

    public VideoRung(String name, int height, String codec, String profile, String level, int bitrateKbps,
        int maxBitrateKbps, int bufferKbits) {
      this(name, height, codec, profile, level, bitrateKbps, maxBitrateKbps, bufferKbits, null);
    }
  }

  /** The audio rendition shared by every video rung. */
  public record AudioRung(String name, String codec, String profile, int bitrateKbps, int channels, int sampleRate) {}
}
