package io.vwmedia.topology.probe;

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
    boolean fullRange) {

  /** PQ (HDR10) or HLG: must be tone-mapped for the SDR H.264 ladder. */
  public boolean isHdr() {
    return "smpte2084".equals(colorTransfer) || "arib-std-b67".equals(colorTransfer);
  }

  public boolean isPortrait() {
    return height > width;
  }

  /** The short side: what a rung's height is compared with. */
  public int shortSide() {
    return Math.min(width, height);
  }
}
