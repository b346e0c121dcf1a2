package io.vwmedia.topology.packaging;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.Segment;
import java.util.List;
import java.util.Locale;

/**
 * Writes HLS (RFC 8216, version 7) over CMAF: a master playlist whose variants share one audio group, and a VOD
 * media playlist per rendition naming its init segment with {@code EXT-X-MAP} and the same segment files the
 * DASH manifest names.
 */
public final class HlsManifestWriter {

  static final String AUDIO_GROUP = "aac";

  /** The master playlist, to sit in the asset's folder; variants are listed from lowest to highest. */
  public String master(List<RenditionResult> video, RenditionResult audio) {
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n\n");
    if (audio != null) {
      m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP)
          .append("\",NAME=\"Audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"")
          .append(audio.getRung().getAudioChannels()).append("\",URI=\"")
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
      m.append('\n').append(v.getRung().getName()).append('/').append(AssetLayout.MEDIA_PLAYLIST).append('\n');
    }
    return m.toString();
  }

  /** The media playlist of one rendition, to sit in the rendition's folder beside its segments. */
  public String media(RenditionResult rendition) {
    double timescale = rendition.getTimescale();
    long target = 1;
    for (Segment s : rendition.getSegments()) {
      target = Math.max(target, Math.round(s.getDuration() / timescale));
    }
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:").append(target).append('\n')
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
