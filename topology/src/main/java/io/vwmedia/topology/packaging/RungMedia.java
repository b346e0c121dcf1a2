package io.vwmedia.topology.packaging;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.Segment;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.SegmentTimeline;
import java.util.List;

/**
 * A DONE rung as the manifest writers see it: its result (codecs, picture, bitrates) and its segments, which come
 * from the timeline file beside them rather than from the result, so no record grows with the source's length. Every
 * file is named relative to the rung's folder, where its playlists are: an encode stored in a folder of its own
 * ({@code w-1f2e3d4c/seg_00001.m4s}) is named with that folder.
 */
public record RungMedia(RenditionResult result, SegmentTimeline timeline) {

  /** The rung as its worker stored it: the timeline's files, named within the result's folder, renamed within the rung's. */
  public static RungMedia of(RenditionResult result, SegmentTimeline stored) {
    String folder = folder(result);
    if (folder.isEmpty()) {
      return new RungMedia(result, stored);
    }
    List<Segment> named = stored.segments().stream()
        .map(s -> Segment.newBuilder(s).setFile(folder + s.getFile()).build())
        .toList();
    return new RungMedia(result, new SegmentTimeline(stored.timescale(), named));
  }

  public List<Segment> segments() {
    return timeline.segments();
  }

  /** The init segment, relative to the rung's folder. */
  public String initSegment() {
    return folder(result) + result.getInitSegment();
  }

  /** Ticks per second the segments' times are in. */
  public long timescale() {
    return timeline.timescale();
  }

  public String name() {
    return result.getRung().getName();
  }

  private static String folder(RenditionResult result) {
    return AssetLayout.withinRung(AssetLayout.rungPrefix(result.getAssetId(), result.getRung().getName()),
        result.getOutputPrefix());
  }
}
