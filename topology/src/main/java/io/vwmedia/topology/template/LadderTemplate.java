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
    AudioRung audio) {

  /** One video rung: its height is the short side of the picture, so portrait sources get the same ladder. */
  public record VideoRung(
      String name,
      int height,
      String codec,
      String profile,
      String level,
      int bitrateKbps,
      int maxBitrateKbps,
      int bufferKbits) {}

  /** The audio rendition shared by every video rung. */
  public record AudioRung(String name, String codec, String profile, int bitrateKbps, int channels, int sampleRate) {}
}
