package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.storage.ContentTypes;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One rung's segments stored while FFmpeg still writes them (live publishing): each call stores the media segments
 * FFmpeg has finished since the last one (a segment file exists only once whole: FFmpeg writes it under a temporary
 * name and renames it), the init segment with the first of them, and the timeline so far, in the encode's own folder
 * where the finished rung goes too ({@link StoredRung} then skips what is stored here). What is stored is described
 * as an ENCODING result, which the topology turns into growing HLS playlists.
 *
 * <p>The timeline file is rewritten each time with more segments, never fewer: a reader always finds a prefix of the
 * finished rung's timeline.
 */
final class LiveSegments {

  private final RenditionTask task;
  private final Path scratch;
  private final ObjectStore store;
  private final String prefix;
  private final Set<String> stored = new HashSet<>();
  private final List<Segment> segments = new ArrayList<>();
  private TrackInfo track;

  LiveSegments(RenditionTask task, Path scratch, ObjectStore store, String prefix) {
    this.task = task;
    this.scratch = scratch;
    this.store = store;
    this.prefix = prefix;
  }

  /**
   * Stores the segments finished since the last call.
   *
   * @return the rung so far as an ENCODING result, when this call stored a segment
   */
  Optional<RenditionResult> storeNew(String workerId, Instant now) throws IOException {
    List<Path> finished = StoredRung.mediaSegments(scratch).stream()
        .filter(p -> !stored.contains(p.getFileName().toString()))
        .toList();
    if (finished.isEmpty()) {
      return Optional.empty();
    }
    Path init = scratch.resolve(FfmpegCommandBuilder.INIT_SEGMENT);
    if (track == null) {
      // FFmpeg completes the init segment before it finishes the first media segment
      track = CmafInspector.readInit(init);
      store.put(prefix + FfmpegCommandBuilder.INIT_SEGMENT, init, ContentTypes.MP4);
    }
    for (Path file : finished) {
      Segment segment = StoredRung.describe(task, file, track);
      store.put(prefix + file.getFileName(), file, ContentTypes.CMAF_SEGMENT);
      stored.add(file.getFileName().toString());
      segments.add(segment);
    }
    SegmentTimeline timeline = new SegmentTimeline((int) track.timescale(), List.copyOf(segments));
    String timelineKey = timeline.store(store, prefix);
    return Optional.of(StoredRung.describe(task, track, timeline, prefix, timelineKey)
        .setStatus(RungStatus.ENCODING)
        .setWorker(workerId)
        .setFinishedAt(now)
        .build());
  }

  /** The media segments stored so far, by file name. */
  Set<String> stored() {
    return Set.copyOf(stored);
  }

  String prefix() {
    return prefix;
  }
}
