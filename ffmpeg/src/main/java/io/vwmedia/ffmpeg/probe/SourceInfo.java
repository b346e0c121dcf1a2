package io.vwmedia.ffmpeg.probe;

import io.vwmedia.events.SourceDescription;
import io.vwmedia.ffmpeg.source.SourcePicture;

/**
 * What planning needs to know about a source, as ffprobe reports it.
 *
 * @param width display width in square pixels, after rotation and sample aspect ratio
 * @param height display height in square pixels, after rotation and sample aspect ratio
 * @param frameRate average frames per second of the first video stream
 * @param durationSeconds duration of the container
 * @param hasAudio whether there is at least one audio stream
 * @param videoCodec codec name of the first video stream, e.g. {@code h264}
 * @param interlaced whether the video is interlaced (field order other than progressive)
 * @param colorTransfer transfer characteristic, e.g. {@code bt709} or {@code smpte2084}; null when unknown
 * @param colorMatrix YCbCr matrix, tagged or guessed by size: {@code bt709}, {@code bt601} or {@code bt2020}
 * @param fullRange whether the video uses full-range (JPEG) levels
 * @param videoDurationSeconds duration of the first video stream where the container says, else 0
 */
public record SourceInfo(
    int width,
    int height,
    double frameRate,
    double durationSeconds,
    boolean hasAudio,
    String videoCodec,
    boolean interlaced,
    String colorTransfer,
    String colorMatrix,
    boolean fullRange,
    double videoDurationSeconds) {

  /** A source whose video stream's duration is not known apart from the container's. */
  public SourceInfo(int width, int height, double frameRate, double durationSeconds, boolean hasAudio, String videoCodec,
      boolean interlaced, String colorTransfer, String colorMatrix, boolean fullRange) {
    this(width, height, frameRate, durationSeconds, hasAudio, videoCodec, interlaced, colorTransfer, colorMatrix,
        fullRange, 0);
  }

  /**
   * How long the video runs: the video stream's own duration when known (never beyond the container's), else the
   * container's. What a rung's frames and chunks are counted over.
   */
  public double videoSeconds() {
    return videoDurationSeconds > 0 ? Math.min(videoDurationSeconds, durationSeconds) : durationSeconds;
  }

  /** PQ (HDR10) or HLG: must be tone-mapped for the SDR H.264 ladder. */
  public boolean isHdr() {
    return picture().isHdr();
  }

  /** What decides how the picture is prepared for a rung ({@link io.vwmedia.ffmpeg.source.SourcePreparation}). */
  public SourcePicture picture() {
    return new SourcePicture(interlaced, colorTransfer, colorMatrix, fullRange);
  }

  public boolean isPortrait() {
    return height > width;
  }

  /** As the probe result event carries it. */
  public SourceDescription toEvent() {
    return SourceDescription.newBuilder()
        .setWidth(width).setHeight(height).setFrameRate(frameRate).setDurationSeconds(durationSeconds)
        .setHasAudio(hasAudio).setVideoCodec(videoCodec).setInterlaced(interlaced).setColorTransfer(colorTransfer)
        .setColorMatrix(colorMatrix).setFullRange(fullRange).setVideoDurationSeconds(videoDurationSeconds)
        .build();
  }

  /** From the probe result event. */
  public static SourceInfo of(SourceDescription d) {
    return new SourceInfo(d.getWidth(), d.getHeight(), d.getFrameRate(), d.getDurationSeconds(), d.getHasAudio(),
        d.getVideoCodec(), d.getInterlaced(), d.getColorTransfer(), d.getColorMatrix(), d.getFullRange(),
        d.getVideoDurationSeconds());
  }

  /** The short side: what a rung's height is compared with. */
  public int shortSide() {
    return Math.min(width, height);
  }
}
