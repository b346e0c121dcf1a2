package io.vwmedia.ffmpeg.source;

import io.vwmedia.events.RenditionTask;

/**
 * What about a source's picture decides how it is prepared before it is scaled: read by ffprobe, carried on each
 * rung task, and turned into filters by {@link SourcePreparation}.
 *
 * @param interlaced the video is interlaced: deinterlaced frame for frame
 * @param transfer transfer characteristic as ffprobe names it ({@code smpte2084}, {@code arib-std-b67}, ...); null
 *     when unknown
 * @param matrix YCbCr matrix, tagged or guessed by size: {@code bt709}, {@code bt601} or {@code bt2020}
 * @param fullRange full-range (JPEG) levels
 */
public record SourcePicture(boolean interlaced, String transfer, String matrix, boolean fullRange) {

  /** The picture as a rung task describes its source. */
  public static SourcePicture of(RenditionTask task) {
    return new SourcePicture(task.getSourceInterlaced(), task.getSourceTransfer(), task.getSourceColorMatrix(),
        task.getSourceFullRange());
  }

  /** PQ (HDR10) or HLG: tone-mapped to SDR. */
  public boolean isHdr() {
    return "smpte2084".equals(transfer) || "arib-std-b67".equals(transfer);
  }
}
