package io.vwmedia.topology.packaging;

import io.vwmedia.events.Segment;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes a static DASH MPD (ISO/IEC 23009-1, live profile) over the same CMAF files as HLS: one video and one
 * audio adaptation set, each representation with a {@code SegmentTemplate} and an exact {@code SegmentTimeline}
 * read from the segments themselves. A rung encoded in chunks has its segments in its chunks' folders, which no
 * {@code $Number$} template names: it gets a {@code SegmentList} (with the same {@code SegmentTimeline}) instead, and
 * the MPD then declares the main profile, which allows it, in place of the live profile, which does not.
 */
public final class DashManifestWriter {

  /** An MPD whose segment paths are relative to the MPD's own folder. */
  public String mpd(List<RungMedia> video, RungMedia audio) {
    return mpd(video, audio, null);
  }

  /**
   * @param baseUrl where the rung folders are, relative to the MPD (e.g. {@code ../../assets/a1/}), as its
   *     {@code BaseURL}; null when they sit beside it
   */
  public String mpd(List<RungMedia> video, RungMedia audio, String baseUrl) {
    double duration = 0;
    double longestSegment = 0;
    for (RungMedia r : video) {
      duration = Math.max(duration, seconds(r));
      for (Segment s : r.segments()) {
        longestSegment = Math.max(longestSegment, (double) s.getDuration() / r.timescale());
      }
    }
    // the presentation lasts as long as its longest track: AAC frames end a few ms after the video, and a period
    // that ends before the media does makes dash.js seek back from the end instead of ending (seen in dash.js 5.2)
    if (audio != null) {
      duration = Math.max(duration, seconds(audio));
    }
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:")
        .append(video.stream().allMatch(r -> templateFolder(r).isPresent()) ? "isoff-live" : "isoff-main").append(":2011\"")
        .append(" type=\"static\" mediaPresentationDuration=\"").append(isoDuration(duration))
        .append("\" minBufferTime=\"").append(isoDuration(Math.max(2, longestSegment))).append("\">\n");
    if (baseUrl != null) {
      x.append("  <BaseURL>").append(baseUrl).append("</BaseURL>\n");
    }
    x.append("  <Period id=\"0\" start=\"PT0S\">\n");
    int maxWidth = video.stream().mapToInt(r -> r.result().getWidth()).max().orElse(0);
    int maxHeight = video.stream().mapToInt(r -> r.result().getHeight()).max().orElse(0);
    x.append("    <AdaptationSet id=\"0\" contentType=\"video\" mimeType=\"video/mp4\" segmentAlignment=\"true\"")
        .append(" startWithSAP=\"1\" maxWidth=\"").append(maxWidth).append("\" maxHeight=\"").append(maxHeight).append("\">\n");
    for (RungMedia v : video) {
      x.append("      <Representation id=\"").append(v.name())
          .append("\" bandwidth=\"").append(v.result().getPeakBitrate())
          .append("\" codecs=\"").append(v.result().getCodecs())
          .append("\" width=\"").append(v.result().getWidth()).append("\" height=\"").append(v.result().getHeight())
          .append("\" frameRate=\"").append(frameRate(v.result().getFrameRate())).append("\" sar=\"1:1\">\n");
      segmentTemplate(x, v);
      x.append("      </Representation>\n");
    }
    x.append("    </AdaptationSet>\n");
    if (audio != null) {
      x.append("    <AdaptationSet id=\"1\" contentType=\"audio\" mimeType=\"audio/mp4\" lang=\"und\" segmentAlignment=\"true\" startWithSAP=\"1\">\n")
          .append("      <Representation id=\"").append(audio.name())
          .append("\" bandwidth=\"").append(audio.result().getPeakBitrate())
          .append("\" codecs=\"").append(audio.result().getCodecs())
          .append("\" audioSamplingRate=\"").append(audio.result().getRung().getAudioSampleRate()).append("\">\n")
          .append("        <AudioChannelConfiguration schemeIdUri=\"urn:mpeg:dash:23003:3:audio_channel_configuration:2011\" value=\"")
          .append(audio.result().getRung().getAudioChannels()).append("\"/>\n");
      segmentTemplate(x, audio);
      x.append("      </Representation>\n    </AdaptationSet>\n");
    }
    return x.append("  </Period>\n</MPD>\n").toString();
  }

  /**
   * The folder a template can name the rung's files with: when its segments are {@code seg_NNNNN.m4s}, numbered from
   * 1, all in the one folder its init segment is in (a whole-rung encode's); empty when they are not (a rung joined
   * of chunks), which gets a SegmentList.
   */
  static Optional<String> templateFolder(RungMedia r) {
    String init = r.initSegment();
    String folder = init.substring(0, init.lastIndexOf('/') + 1);
    List<Segment> segments = r.segments();
    for (int i = 0; i < segments.size(); i++) {
      if (!segments.get(i).getFile().equals(folder + String.format(Locale.ROOT, "seg_%05d.m4s", i + 1))) {
        return Optional.empty();
      }
    }
    return Optional.of(folder);
  }

  private static void segmentTemplate(StringBuilder x, RungMedia r) {
    List<Segment> segments = r.segments();
    long offset = segments.isEmpty() ? 0 : segments.get(0).getStart();
    String name = r.name();
    Optional<String> folder = templateFolder(r);
    boolean templated = folder.isPresent();
    if (templated) {
      x.append("        <SegmentTemplate timescale=\"").append(r.timescale())
          .append("\" presentationTimeOffset=\"").append(offset)
          .append("\" initialization=\"").append(name).append('/').append(r.initSegment())
          .append("\" media=\"").append(name).append('/').append(folder.get())
          .append("seg_$Number%05d$.m4s\" startNumber=\"1\">\n");
    } else {
      x.append("        <SegmentList timescale=\"").append(r.timescale())
          .append("\" presentationTimeOffset=\"").append(offset).append("\">\n")
          .append("          <Initialization sourceURL=\"").append(name).append('/').append(r.initSegment())
          .append("\"/>\n");
    }
    x.append("          <SegmentTimeline>\n");
    int i = 0;
    while (i < segments.size()) {
      Segment first = segments.get(i);
      int repeat = 0;
      // a SegmentList gets one S per segment: dash.js (5.x, TimelineSegmentsGetter) takes the SegmentURL at the
      // index of the S element, not of the segment, so an S with r would make it fetch the wrong files
      while (templated && i + repeat + 1 < segments.size()
          && segments.get(i + repeat + 1).getDuration() == first.getDuration()
          && segments.get(i + repeat + 1).getStart() == segments.get(i + repeat).getStart() + first.getDuration()) {
        repeat++;
      }
      x.append("            <S t=\"").append(first.getStart()).append("\" d=\"").append(first.getDuration()).append('"');
      if (repeat > 0) {
        x.append(" r=\"").append(repeat).append('"');
      }
      x.append("/>\n");
      i += repeat + 1;
    }
    x.append("          </SegmentTimeline>\n");
    if (templated) {
      x.append("        </SegmentTemplate>\n");
      return;
    }
    for (Segment s : segments) {
      x.append("          <SegmentURL media=\"").append(name).append('/').append(s.getFile()).append("\"/>\n");
    }
    x.append("        </SegmentList>\n");
  }

  private static double seconds(RungMedia r) {
    return (double) r.timeline().durationTicks() / r.timescale();
  }

  static String isoDuration(double seconds) {
    return String.format(Locale.ROOT, "PT%.3fS", seconds);
  }

  private static String frameRate(double fps) {
    if (fps == Math.rint(fps)) {
      return Long.toString((long) fps);
    }
    // NTSC rates as exact fractions: 29.97 -> 30000/1001
    long ntsc = Math.round(fps * 1001);
    if (ntsc % 1000 == 0) {
      return ntsc + "/1001";
    }
    return String.format(Locale.ROOT, "%.3f", fps);
  }
}
