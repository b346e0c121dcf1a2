package io.vwmedia.topology.packaging;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.Segment;
import io.vwmedia.storage.SegmentTimeline;
import java.util.List;

/**
 * A DONE rung as the manifest writers see it: its result (codecs, picture, bitrates) and its segments, which come
 * from the timeline file beside them rather than from the result, so no record grows with the source's length.
 */
public record RungMedia(RenditionResult result, SegmentTimeline timeline) {

  public List<Segment> segments() {
    return timeline.segments();
  }

  /** Ticks per second the segments' times are in. */
  public long timescale() {
    return timeline.timescale();
  }

  public String name() {
    return result.getRung().getName();
  }
}
