package io.vwmedia.topology.packaging;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.Segment;
import io.vwmedia.storage.AssetLayout;
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
  /** A live version is watched from its first frame, not from near its growing end as a live event would be. */
  private static final String START_AT_THE_BEGINNING = "#EXT-X-START:TIME-OFFSET=0\n";

  /** The master playlist, to sit in the asset's media folder; variants are listed from lowest to highest. */
  public String master(List<RungMedia> video, RungMedia audio) {
    return master(video, audio, "");
  }

  /**
   * @param mediaBase where the rung folders are, relative to the master (e.g. {@code ../../assets/a1/}); empty when
   *     they sit beside it
   */
  public String master(List<RungMedia> video, RungMedia audio, String mediaBase) {
    return master(video, audio, mediaBase, AssetLayout.MEDIA_PLAYLIST);
  }

  /**
   * The live version's master: its variants are the rungs' live playlists ({@link #live}), played from the start
   * ({@code EXT-X-START}), with no I-frame playlists (they come with version 1). Each variant's bandwidth is the
   * rung's peak cap or the peak measured so far, whichever is higher, since the rest of the rung is still to come.
   */
  public String liveMaster(List<RungMedia> video, RungMedia audio, String mediaBase) {
    return master(video.stream().map(HlsManifestWriter::atLeastItsCap).toList(), audio, mediaBase,
        AssetLayout.LIVE_PLAYLIST);
  }

  private String master(List<RungMedia> video, RungMedia audio, String mediaBase, String playlist) {
    boolean live = playlist.equals(AssetLayout.LIVE_PLAYLIST);
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n")
        .append(live ? START_AT_THE_BEGINNING : "").append('\n');
    if (audio != null) {
      m.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"").append(AUDIO_GROUP)
          .append("\",NAME=\"Audio\",LANGUAGE=\"und\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"")
          .append(audio.result().getRung().getAudioChannels()).append("\",URI=\"").append(mediaBase)
          .append(audio.name()).append('/').append(playlist).append("\"\n\n");
    }
    for (RungMedia v : video) {
      long peak = v.result().getPeakBitrate() + (audio == null ? 0 : audio.result().getPeakBitrate());
      long average = v.result().getAverageBitrate() + (audio == null ? 0 : audio.result().getAverageBitrate());
      String codecs = audio == null ? v.result().getCodecs() : v.result().getCodecs() + "," + audio.result().getCodecs();
      m.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(peak)
          .append(",AVERAGE-BANDWIDTH=").append(average)
          .append(",CODECS=\"").append(codecs).append('"')
          .append(",RESOLUTION=").append(v.result().getWidth()).append('x').append(v.result().getHeight())
          .append(",FRAME-RATE=").append(String.format(Locale.ROOT, "%.3f", v.result().getFrameRate()));
      if (audio != null) {
        m.append(",AUDIO=\"").append(AUDIO_GROUP).append('"');
      }
      m.append('\n').append(mediaBase).append(v.name()).append('/').append(playlist).append('\n');
    }
    boolean first = true;
    for (RungMedia v : video) {
      if (live || !hasIframes(v)) {
        continue;
      }
      m.append(first ? "\n" : "");
      first = false;
      long[] rates = iframeBitrates(v);
      m.append("#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=").append(rates[0])
          .append(",AVERAGE-BANDWIDTH=").append(rates[1])
          .append(",CODECS=\"").append(v.result().getCodecs()).append('"')
          .append(",RESOLUTION=").append(v.result().getWidth()).append('x').append(v.result().getHeight())
          .append(",URI=\"").append(mediaBase).append(v.name()).append('/').append(AssetLayout.IFRAME_PLAYLIST).append("\"\n");
    }
    return m.toString();
  }

  /** Whether every segment of a video rendition says where its keyframe ends, so it can have an I-frame playlist. */
  public static boolean hasIframes(RungMedia v) {
    return v.result().getRung().getKind() == RungKind.VIDEO && !v.segments().isEmpty()
        && v.segments().stream().allMatch(s -> s.getKeyframeBytes() > 0);
  }

  /** Peak and average bit/s of the I-frame playlist: each keyframe's bytes over the time it stands for. */
  private static long[] iframeBitrates(RungMedia v) {
    double timescale = v.timescale();
    double peak = 0;
    long bytes = 0;
    long ticks = 0;
    for (Segment s : v.segments()) {
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
  public String iframes(RungMedia rendition) {
    double timescale = rendition.timescale();
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:").append(targetDuration(rendition)).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-I-FRAMES-ONLY\n#EXT-X-INDEPENDENT-SEGMENTS\n")
        .append("#EXT-X-MAP:URI=\"").append(rendition.initSegment()).append("\"\n");
    for (Segment s : rendition.segments()) {
      m.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.getDuration() / timescale))
          .append("#EXT-X-BYTERANGE:").append(s.getKeyframeBytes()).append("@0\n")
          .append(s.getFile()).append('\n');
    }
    return m.append("#EXT-X-ENDLIST\n").toString();
  }

  private static long targetDuration(RungMedia rendition) {
    return rendition.timeline().targetDurationSeconds();
  }

  /** The media playlist of one rendition, to sit in the rendition's folder beside its segments. */
  public String media(RungMedia rendition) {
    return media(rendition, "VOD", targetDuration(rendition), true);
  }

  /**
   * The live playlist of one rendition while it encodes: an EVENT playlist (RFC 8216 section 6.2.1: it only ever
   * grows) of the segments stored so far, played from the start, and {@code ended} once the rung is done. Its target
   * duration is the rung's segment length (or its longest segment so far, if longer), so it does not change as it
   * grows.
   */
  public String live(RungMedia rendition, boolean ended) {
    long target = Math.max(Math.round(rendition.result().getRung().getSegmentSeconds()), targetDuration(rendition));
    return media(rendition, "EVENT", target, ended);
  }

  private String media(RungMedia rendition, String type, long targetDuration, boolean ended) {
    double timescale = rendition.timescale();
    StringBuilder m = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:").append(targetDuration).append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:").append(type).append('\n')
        .append(type.equals("EVENT") ? START_AT_THE_BEGINNING : "");
    if (rendition.result().getRung().getKind() == RungKind.VIDEO) {
      m.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
    }
    m.append("#EXT-X-MAP:URI=\"").append(rendition.initSegment()).append("\"\n");
    for (Segment s : rendition.segments()) {
      m.append(String.format(Locale.ROOT, "#EXTINF:%.6f,%n", s.getDuration() / timescale)).append(s.getFile()).append('\n');
    }
    return m.append(ended ? "#EXT-X-ENDLIST\n" : "").toString();
  }

  /** The rung with its peak bitrate raised to its cap (the template's VBV max rate), for a master written mid-encode. */
  private static RungMedia atLeastItsCap(RungMedia v) {
    long cap = v.result().getRung().getMaxBitrateKbps() * 1000L;
    if (v.result().getPeakBitrate() >= cap) {
      return v;
    }
    return new RungMedia(RenditionResult.newBuilder(v.result()).setPeakBitrate(cap).build(), v.timeline());
  }
}
