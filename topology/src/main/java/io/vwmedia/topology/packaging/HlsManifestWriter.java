package io.vwmedia.topology.packaging;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.Segment;
import java.util.List;
import java.util.Locale;

/**
 * Writes HLS (RFC 8216, version 7) over CMAF: a master playlist whose variants share one audio group, a VOD media
 * playlist per rendition naming its init segment with {@code EXT-X-MAP} and the same segment files the DASH
 * manifest names, and per video rendition an I-frame playlist for trick play: the keyframe each segment starts on,
 * as a byte range of that same segment file.
 */
public final class HlsManifestWriter {

  static final String AUDIO_GROUP = "aac";

  /** The master playlist, to sit in the asset's media folder; variants are listed from lowest to highest. */
  public String master(List<RenditionResult> video, RenditionResult audio) {
    return master(video, audio, "");
  }

  /**
   * @param mediaBase where the rung folders are, relative to the master (e.g. {@code ../../assets/a1/}); empty when
   *     they sit beside it
   */
  public String master(List<RenditionResult> video, RenditionResult audio, String mediaBase) {
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n\n");
    if (audio != null) {
      m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP)
          .append("\",NAME=\"Audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"")
          .append(audio.getRung().getAudioChannels()).append("\",URI=\"").append(mediaBase)
          .append(audio.getRung().getName()).append('/').append(AssetLayout.MEDIA_PLAYLIST).append("\"\n\n");
    }
    for (RenditionResult v : video) {
      long peak = v.getPeakBitrate() + (audio == null ? 0 : audio.getPeakBitrate());
      long average = v.getAverageBitrate() + (audio == null ? 0 : audio.getAverageBitrate());
      String codecs = audio == null ? v.getCodecs() : v.getCodecs() + "," + audio.getCodecs();
      m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peak)
          .append(",AVERAGE-BANDWIDTH=").append(average)
          .append(",CODECS=\"").append(codecs).append('"')
          .append(",RESOLUTION=").append(v.getWidth()).append('x').append(v.getHeight())
          .append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.getFrameRate()));
      if (audio != null) {
        m.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
      }
      m.append('\n').append(mediaBase).append(v.getRung().getName()).append('/').append(AssetLayout.MEDIA_PLAYLIST).append('\n');
    }
    boolean first = true;
    for (RenditionResult v : video) {
      if (!hasIframes(v)) {
        continue;
      }
      m.append(first ? "\n" : "");
      first = false;
      long[] rates = iframeBitrates(v);
      m.append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=").append(rates[0])
          .append(",AVERAGE-BANDWIDTH=").append(rates[1])
          .append(",CODECS=\"").append(v.getCodecs()).append('"')
          .append(",RESOLUTION=").append(v.getWidth()).append('x').append(v.getHeight())
          .append(",URI=\"").append(mediaBase).append(v.getRung().getName()).append('/').append(AssetLayout.IFRAME_PLAYLIST).append("\"\n");
    }
    return m.toString();
  }

  /** Whether every segment of a video rendition says where its keyframe ends, so it can have an I-frame playlist. */
  public static boolean hasIframes(RenditionResult v) {
    return v.getRung().getKind() == RungKind.VIDEO && !v.getSegments().isEmpty()
        && v.getSegments().stream().allMatch(s -> s.getKeyframeBytes() > 0);
  }

  /** Peak and average bit/s of the I-frame playlist: each keyframe's bytes over the time it stands for. */
  private static long[] iframeBitrates(RenditionResult v) {
    double timescale = v.getTimescale();
    double peak = 0;
    long bytes = 0;
    long ticks = 0;
    for (Segment s : v.getSegments()) {
      if (s.getDuration() > 0) {
        peak = Math.max(peak, s.getKeyframeBytes() * 8 * timescale / s.getDuration());
      }
      bytes += s.getKeyframeBytes();
      ticks += s.getDuration();
    }
    long average = ticks == 0 ? 0 : Math.round(bytes * 8 * timescale / ticks);
    return new long[] {Math.max(average, Math.round(peak)), average};
  }

  /**
   * The I-frame playlist of a video rendition ({@link #hasIframes} must hold): one entry per segment, the byte range
   * from the segment's start through its first frame, lasting until the next segment's keyframe.
   */
  public String iframes(RenditionResult rendition) {
    double timescale = rendition.getTimescale();
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:").append(targetDuration(rendition)).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n#EXT-X-INDEPENDENT-SEGMENTS\n")
        .append("#EXT-X-MAP:URI=\"").append(rendition.getInitSegment()).append("\"\n");
    for (Segment s : rendition.getSegments()) {
      m.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.getDuration() / timescale))
          .append("#EXT-X-BYTERANGE:").append(s.getKeyframeBytes()).append("@0\n")
          .append(s.getFile()).append('\n');
    }
    return m.append("#EXT-X-ENDLIST\n").toString();
  }

  private static long targetDuration(RenditionResult rendition) {
    long target = 1;
    for (Segment s : rendition.getSegments()) {
      target = Math.max(target, Math.round(s.getDuration() / (double) rendition.getTimescale()));
    }
    return target;
  }

  /** The media playlist of one rendition, to sit in the rendition's folder beside its segments. */
  public String media(RenditionResult rendition) {
    double timescale = rendition.getTimescale();
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:").append(targetDuration(rendition)).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n");
    if (rendition.getRung().getKind() == RungKind.VIDEO) {
      m.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
    m.append("#EXT-X-MAP:URI=\"").append(rendition.getInitSegment()).append("\"\n");
    for (Segment s : rendition.getSegments()) {
      m.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.getDuration() / timescale)).append(s.getFile()).append('\n');
    }
    return m.append("#EXT-X-ENDLIST\n").toString();
  }
}
