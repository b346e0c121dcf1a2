package io.vwmedia.storage;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.Segment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A rung's media segments in presentation order, as the worker read them from the CMAF files: what a packager needs
 * for HLS media and I-frame playlists and the DASH {@code SegmentTimeline}. It lives in a file beside the segments
 * ({@link AssetLayout#TIMELINE}), not in a Kafka record or a state store value, because it grows with the source:
 * 12 hours of 4 s segments are 10,800 lines. The worker writes it with {@link #store} and the packager reads it with
 * {@link #read}; nothing else reads or writes the format.
 *
 * <p>The file is UTF-8 text, tab-separated: a {@code timescale} line, a header line naming the columns, then one line
 * per segment. Times are in ticks of the timescale; sizes in bytes; {@code keyframe_bytes} is 0 when unknown (audio).
 *
 * <pre>
 * timescale      12800
 * file           start   duration  bytes    keyframe_bytes
 * seg_00001.m4s  0       12800     412000   61000
 * seg_00002.m4s  12800   51200     1530000  58000
 * </pre>
 *
 * @param timescale ticks per second of the track (mdhd)
 * @param segments the media segments, in presentation order
 */
public record SegmentTimeline(int timescale, List<Segment> segments) {

  private static final String TIMESCALE = "timescale";
  private static final String HEADER = "file\tstart\tduration\tbytes\tkeyframe_bytes";

  public SegmentTimeline {
    segments = List.copyOf(segments);
  }

  /** Sum of the segments' durations, in ticks of the timescale. */
  public long durationTicks() {
    return segments.stream().mapToLong(Segment::getDuration).sum();
  }

  /** Sum of the segments' sizes in bytes. */
  public long bytes() {
    return segments.stream().mapToLong(Segment::getBytes).sum();
  }

  /**
   * The playlist's target duration in whole seconds, as an HLS media playlist declares it ({@code
   * EXT-X-TARGETDURATION}): the longest segment, rounded to the nearest second, at least 1.
   */
  public long targetDurationSeconds() {
    long target = 1;
    for (Segment s : segments) {
      target = Math.max(target, Math.round(s.getDuration() / (double) timescale));
    }
    return target;
  }

  /**
   * The peak segment bit rate in bit/s, as RFC 8216 section 4.1 defines it for HLS's {@code BANDWIDTH}: the largest
   * bit rate of any contiguous set of segments whose total duration is between 0.5 and 1.5 times the target duration
   * (sizes summed over durations summed). A short segment alone (the fast-start first segments, a short last one)
   * therefore never sets the peak by itself, only with its neighbours: a 0.5 s first segment that is mostly one IDR
   * frame is not a rate any player has to sustain. The same figure is DASH's {@code @bandwidth}, which the MPD's
   * {@code minBufferTime} (the longest segment) covers. A rung shorter than half the target duration has no such
   * set: its whole bit rate then. 0 for no segments.
   */
  public long peakBitrate() {
    long target = targetDurationSeconds() * timescale;
    double peak = -1;
    for (int i = 0; i < segments.size(); i++) {
      long ticks = 0;
      long bytes = 0;
      for (int j = i; j < segments.size(); j++) {
        ticks += segments.get(j).getDuration();
        bytes += segments.get(j).getBytes();
        if (2 * ticks > 3 * target) {
          break;
        }
        if (2 * ticks >= target) {
          peak = Math.max(peak, bytes * 8.0 * timescale / ticks);
        }
      }
    }
    if (peak < 0) {
      long ticks = durationTicks();
      peak = ticks == 0 ? 0 : bytes() * 8.0 * timescale / ticks;
    }
    return Math.round(peak);
  }

  /** Writes the timeline beside the rung's segments and returns its key. */
  public String store(ObjectStore store, String rungPrefix) {
    String key = StorageKeys.validatePrefix(rungPrefix) + AssetLayout.TIMELINE;
    store.put(key, format().getBytes(StandardCharsets.UTF_8), ContentTypes.forName(key));
    return key;
  }

  /**
   * The timeline of a DONE rung: read from the file its worker stored, or, for a result of a worker from before the
   * file (no {@code timeline} key), the segment list that result still carried itself.
   */
  public static SegmentTimeline of(RenditionResult result, ObjectStore store) {
    return result.getTimeline() == null
        ? new SegmentTimeline(result.getTimescale(), result.getSegments())
        : read(store, result.getTimeline());
  }

  /** Reads a timeline {@link #store} wrote. */
  public static SegmentTimeline read(ObjectStore store, String key) {
    return parse(new String(store.read(key), StandardCharsets.UTF_8), key);
  }

  String format() {
    StringBuilder out = new StringBuilder(64 + 48 * segments.size())
        .append(TIMESCALE).append('\t').append(timescale).append('\n').append(HEADER).append('\n');
    for (Segment s : segments) {
      out.append(s.getFile()).append('\t').append(s.getStart()).append('\t').append(s.getDuration()).append('\t')
          .append(s.getBytes()).append('\t').append(s.getKeyframeBytes()).append('\n');
    }
    return out.toString();
  }

  /** @param source named in errors, e.g. the key the text was read from */
  static SegmentTimeline parse(String text, String source) {
    String[] lines = text.split("\n");
    if (lines.length < 2 || !lines[0].startsWith(TIMESCALE + "\t") || !lines[1].equals(HEADER)) {
      throw new IllegalArgumentException(source + " is not a segment timeline: it must start with a '" + TIMESCALE
          + "' line and the header '" + HEADER.replace('\t', ' ') + "'");
    }
    List<Segment> segments = new ArrayList<>(lines.length - 2);
    try {
      int timescale = Integer.parseInt(lines[0].substring(TIMESCALE.length() + 1));
      for (int i = 2; i < lines.length; i++) {
        String[] f = lines[i].split("\t");
        if (f.length != 5) {
          throw new IllegalArgumentException(source + " line " + (i + 1) + " has " + f.length + " columns, not 5");
        }
        segments.add(new Segment(StorageKeys.validate(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
            Long.parseLong(f[3]), Long.parseLong(f[4])));
      }
      return new SegmentTimeline(timescale, segments);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + " has a number that is not one: " + e.getMessage(), e);
    }
  }
}
