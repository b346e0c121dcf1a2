package io.vwmedia.topology.template;

import io.vwmedia.events.EncoderLeg;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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
    Double firstSegmentSeconds,
    FitToSource fitToSource,
    String encoder,
    Chunking chunking) {

  /** The values {@code "encoder"} may take: our own workers, or the managed MediaConvert leg. */
  public static final List<String> ENCODERS = List.of("workers", "mediaconvert");

  /** A template whose rungs are always encoded whole. */
  public LadderTemplate(String id, int version, String description, double gopSeconds, double segmentSeconds,
      double maxFrameRate, List<VideoRung> video, AudioRung audio, PerTitle perTitle, Double firstSegmentSeconds,
      FitToSource fitToSource, String encoder) {
    this(id, version, description, gopSeconds, segmentSeconds, maxFrameRate, video, audio, perTitle,
        firstSegmentSeconds, fitToSource, encoder, null);
  }

  /** A template that leaves the choice of encoder to the upload and the overflow policy. */
  public LadderTemplate(String id, int version, String description, double gopSeconds, double segmentSeconds,
      double maxFrameRate, List<VideoRung> video, AudioRung audio, PerTitle perTitle, Double firstSegmentSeconds,
      FitToSource fitToSource) {
    this(id, version, description, gopSeconds, segmentSeconds, maxFrameRate, video, audio, perTitle,
        firstSegmentSeconds, fitToSource, null);
  }

  /** A template whose ladder does not fit itself to the source: rungs above the source are only skipped. */
  public LadderTemplate(String id, int version, String description, double gopSeconds, double segmentSeconds,
      double maxFrameRate, List<VideoRung> video, AudioRung audio, PerTitle perTitle, Double firstSegmentSeconds) {
    this(id, version, description, gopSeconds, segmentSeconds, maxFrameRate, video, audio, perTitle,
        firstSegmentSeconds, null);
  }

  /** A template without per-title bitrates whose segments all have the same target duration. */
  public LadderTemplate(String id, int version, String description, double gopSeconds, double segmentSeconds,
      double maxFrameRate, List<VideoRung> video, AudioRung audio) {
    this(id, version, description, gopSeconds, segmentSeconds, maxFrameRate, video, audio, null, null, null);
  }

  /** The same template with other video rungs and segment duration, as a per-asset override makes it. */
  public LadderTemplate withVideo(List<VideoRung> rungs, double segment) {
    return new LadderTemplate(id, version, description, gopSeconds, segment, maxFrameRate, rungs, audio, perTitle,
        firstSegmentSeconds, fitToSource, encoder, chunking);
  }

  /**
   * Who encodes this template's assets when the template says ({@code "encoder": "workers"} or {@code "mediaconvert"});
   * empty leaves it to the upload's override, then to the overflow policy.
   */
  public Optional<EncoderLeg> encoderLeg() {
    return Optional.ofNullable(encoder).map(e -> EncoderLeg.valueOf(e.toUpperCase(Locale.ROOT)));
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
   * How the ladder fits a source whose short side lies between two rungs, so its top rung carries (close to) the
   * source's own picture instead of the rung below it. Never above the source, and nothing is added above the top
   * rung: a larger source keeps the top rung as declared.
   *
   * <ul>
   *   <li>A source up to {@code tolerance} (a fraction, e.g. 0.03) below a rung's height gets that rung at the
   *       source's size, under the rung's name and bitrate: 1279x719 is 720p at 1278x718. Up to {@code tolerance}
   *       above a rung, the rung stays as declared (1920x1088 is 1080p at 1920x1080).
   *   <li>A source between two rungs otherwise gets a rung at its own size, named for its short side ({@code 480p}),
   *       so a per-title factor can name it too; its bitrates are interpolated between the two rungs by pixel rate
   *       (width x height x fps), and it takes the codec, profile and level of the rung below and the frame rate cap
   *       of the rung above.
   *   <li>Two rungs are never closer than {@code minStep} in pixel count (e.g. 1.5): where the source-size rung
   *       would be, it replaces the rung below it.
   * </ul>
   *
   * @param tolerance how far (fraction of a rung's height) a source may be from a rung and still be that rung
   * @param minStep the smallest pixel-count ratio between neighbouring rungs
   */
  public record FitToSource(double tolerance, double minStep) {}

  /**
   * When and how a long source's video rungs are encoded in chunks spread over the workers, instead of one worker per
   * rung (docs/scaling.md): a source of at least {@code minSourceSeconds} is cut into chunks of whole segments of
   * about {@code targetChunkSeconds}, each an encode task of its own; audio stays one task. The target is sized so a
   * chunk of the top rung takes a minute or two on the slowest worker: it holds for an asset whose top rung makes at
   * least the pixels per second of {@code targetChunkAt}; an asset whose top rung makes fewer gets chunks as much
   * longer, so each still holds about that much encoding (a 432p 10 fps source gets 19 times longer chunks than a
   * 1080p30 one, which on most sources means none). The settings {@code vw.chunking.*} override both values, the
   * length as it is.
   *
   * @param minSourceSeconds sources shorter than this are encoded whole
   * @param targetChunkSeconds the length of a chunk, rounded to whole segments
   * @param targetChunkAt the top rung the target is sized for; null: every asset gets the target as it is
   */
  public record Chunking(double minSourceSeconds, double targetChunkSeconds, ChunkWork targetChunkAt) {

    public Chunking(double minSourceSeconds, double targetChunkSeconds) {
      this(minSourceSeconds, targetChunkSeconds, null);
    }
  }

  /**
   * A picture size and frame rate, the measure of a chunk's encoding work.
   *
   * @param width pixels
   * @param height pixels
   * @param frameRate frames per second
   */
  public record ChunkWork(int width, int height, double frameRate) {

    public double pixelsPerSecond() {
      return (double) width * height * frameRate;
    }
  }

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
