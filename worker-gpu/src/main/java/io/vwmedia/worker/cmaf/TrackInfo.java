package io.vwmedia.worker.cmaf;

/**
 * What a CMAF init segment says about its one track: enough to write exact manifests.
 *
 * @param handler {@code vide} or {@code soun}
 * @param timescale ticks per second of the media timeline (mdhd)
 * @param codecs RFC 6381 codec string, e.g. {@code avc1.64001f}, {@code mp4a.40.2}
 * @param width coded width from the visual sample entry, 0 for audio
 * @param height coded height from the visual sample entry, 0 for audio
 * @param channels audio channel count, 0 for video
 * @param sampleRate audio sample rate in Hz, 0 for video
 * @param defaultSampleDuration trex default sample duration, used when a fragment gives none
 */
public record TrackInfo(
    String handler,
    long timescale,
    String codecs,
    int width,
    int height,
    int channels,
    int sampleRate,
    long defaultSampleDuration) {

  public boolean isVideo() {
    return "vide".equals(handler);
  }
}
