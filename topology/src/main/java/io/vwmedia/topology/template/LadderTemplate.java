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
    PerTitle perTitle,
    Double firstSegmentSeconds) {

  /** A template without per-title bitrates whose segments all have the same target duration. */
  public LadderTemplate(String id, int version, String description, double gopSeconds, double segmentSeconds,
      double maxFrameRate, List<VideoRung> video, AudioRung audio) {
    this(id, version, description, gopSeconds, segmentSeconds, maxFrameRate, video, audio, null, null);
  }

  /**
   * The target duration of the first segment, shorter than the others so a player starting an asset fetches less
   * before its first frame; {@code segmentSeconds} when the template does not set one. Below the GOP it adds one
   * keyframe at that time; at or above, it is a multiple of the GOP.
   */
  public double startSegmentSeconds() {
    return firstSegmentSeconds == null ? segmentSeconds : Math.min(firstSegmentSeconds, segmentSeconds);
  }

  /**
   * Per-title bitrates, when a template opts in: each video rung's bitrate is the one that reaches
   * {@code targetPsnr} for this source, measured by two CRF probe encodes of a window of it at the rung's own size
   * ({@link io.vwmedia.ffmpeg.quality.RateQualityProbe}). Where the template's bitrate would not even reach the target,
   * the rung keeps the template's bitrate; a rung never gets more than the template's, nor less than
   * {@code minRatio} of it. Easy content stops spending bits past the target; hard content keeps what it had.
   *
   * @param probeSeconds how much of the source the probe encodes (from 10% in, when the source is long enough)
   * @param probePreset x264 preset of the probe encodes: one no slower than the workers' makes the estimate err on
   *     the side of more bits
   * @param qualityCrf the probe's higher-quality CRF
   * @param economyCrf the probe's lower-quality CRF, above {@code qualityCrf}
   * @param targetPsnr the PSNR (dB, against the source scaled to the rung) past which more bits are not spent
   * @param marginDb aim this far above the target: the workers' one-pass average-bitrate encode reaches less than a
   *     CRF probe at the same bitrate (measured 0.3 to 0.7 dB less on the clips in docs/benchmarks.md)
   * @param minRatio the lowest fraction of the template's bitrate a rung may get
   */
  public record PerTitle(double probeSeconds, String probePreset, int qualityCrf, int economyCrf, double targetPsnr,
      double marginDb, double minRatio) {}

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
