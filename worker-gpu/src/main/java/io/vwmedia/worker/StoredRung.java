package io.vwmedia.worker;

import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.Segment;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.storage.ContentTypes;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.storage.SegmentTimeline;
import io.vwmedia.worker.cmaf.CmafFormatException;
import io.vwmedia.worker.cmaf.CmafInspector;
import io.vwmedia.worker.cmaf.FragmentInfo;
import io.vwmedia.worker.cmaf.TrackInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What FFmpeg wrote for one rung, read back and stored: the CMAF init and media segments inspected (codec string,
 * timescale, each segment's start, duration, size and keyframe range), stored under the task's prefix with their
 * timeline file beside them, and described as a DONE result.
 */
final class StoredRung {

  private StoredRung() {}

  /**
   * Stores the rung (or the chunk of it) in {@code scratch} under {@code prefix} and describes it: a DONE result, still
   * to be completed with what only the encode knows (its duration, encoder, quality scores, worker, time).
   */
  static RenditionResult.Builder store(RenditionTask task, Path scratch, ObjectStore store, String prefix)
      throws IOException {
    return store(task, scratch, store, prefix, Set.of());
  }

  /**
   * As above, not storing again the media segments in {@code alreadyStored} (file names: what {@link LiveSegments}
   * stored while FFmpeg ran; they are the same bytes).
   */
  static RenditionResult.Builder store(RenditionTask task, Path scratch, ObjectStore store, String prefix,
      Set<String> alreadyStored) throws IOException {
    Path init = scratch.resolve(FfmpegCommandBuilder.INIT_SEGMENT);
    if (!Files.isRegularFile(init)) {
      throw new CmafFormatException("FFmpeg wrote no init segment");
    }
    TrackInfo track = CmafInspector.readInit(init);
    List<Path> files = mediaSegments(scratch);
    if (files.isEmpty()) {
      throw new CmafFormatException("FFmpeg wrote no media segment");
    }
    List<Segment> segments = new ArrayList<>();
    for (Path file : files) {
      segments.add(describe(task, file, track));
    }
    // encodes write folders of their own (AssetLayout.encodeFolder, chunkFolder); the managed leg writes the rung's
    // folder itself: each object is replaced atomically, so a player reading an earlier copy never finds a file
    // missing, and only files this copy did not write are removed, last
    Set<String> written = new HashSet<>();
    for (Path file : files) {
      if (!alreadyStored.contains(file.getFileName().toString())) {
        store.put(prefix + file.getFileName(), file, ContentTypes.CMAF_SEGMENT);
      }
      written.add(prefix + file.getFileName());
    }
    store.put(prefix + FfmpegCommandBuilder.INIT_SEGMENT, init, ContentTypes.MP4);
    written.add(prefix + FfmpegCommandBuilder.INIT_SEGMENT);
    // the segment list goes beside the segments, not into the result: it grows with the source's length
    SegmentTimeline timeline = new SegmentTimeline((int) track.timescale(), segments);
    String timelineKey = timeline.store(store, prefix);
    written.add(timelineKey);
    for (String stale : store.list(prefix)) {
      if (!written.contains(stale) && !stale.endsWith(".m3u8")) {
        store.delete(stale);
      }
    }
    return describe(task, track, timeline, prefix, timelineKey).setStatus(RungStatus.DONE);
  }

  /** One media segment as the timeline lists it: its start, duration, size and, for video, its keyframe's bytes. */
  static Segment describe(RenditionTask task, Path file, TrackInfo track) throws IOException {
    FragmentInfo fragment = CmafInspector.readSegment(file, track);
    boolean video = task.getRung().getKind() == RungKind.VIDEO;
    return new Segment(file.getFileName().toString(), fragment.earliestPresentationTime(), fragment.duration(),
        Files.size(file), video && fragment.startsWithSyncSample() ? fragment.firstSampleEnd() : 0L);
  }

  /** The result describing {@code timeline}, stored under {@code prefix}; its status is the caller's to set. */
  static RenditionResult.Builder describe(RenditionTask task, TrackInfo track, SegmentTimeline timeline, String prefix,
      String timelineKey) {
    boolean video = task.getRung().getKind() == RungKind.VIDEO;
    long totalBytes = timeline.segments().stream().mapToLong(Segment::getBytes).sum();
    long totalTicks = timeline.segments().stream().mapToLong(Segment::getDuration).sum();
    long average = totalTicks == 0 ? 0 : Math.round(totalBytes * 8.0 * track.timescale() / totalTicks);
    return RenditionResult.newBuilder()
        .setAssetId(task.getAssetId())
        .setCorrelationId(task.getCorrelationId())
        .setRung(task.getRung())
        .setOutputPrefix(prefix)
        .setInitSegment(FfmpegCommandBuilder.INIT_SEGMENT)
        .setTimescale((int) track.timescale())
        .setTimeline(timelineKey)
        .setSegmentCount(timeline.segments().size())
        .setDurationTicks(totalTicks)
        .setSegmentBytes(totalBytes)
        .setCodecs(track.codecs())
        .setWidth(track.width())
        .setHeight(track.height())
        .setFrameRate(video ? task.getRung().getFrameRate() : 0.0)
        .setAverageBitrate(average)
        .setPeakBitrate(Math.max(average, timeline.peakBitrate())) // HLS: BANDWIDTH is never below AVERAGE-BANDWIDTH
        .setError(null);
  }

  /**
   * The rung as one fragmented MP4 (its init segment, then every media segment in order), for FFmpeg to read as a
   * plain file: FFmpeg's own playlist lists only its last window of segments.
   */
  static Path joined(Path scratch) throws IOException {
    Path joined = scratch.resolve("joined.mp4");
    try (OutputStream out = Files.newOutputStream(joined)) {
      Files.copy(scratch.resolve(FfmpegCommandBuilder.INIT_SEGMENT), out);
      for (Path segment : mediaSegments(scratch)) {
        Files.copy(segment, out);
      }
    }
    return joined;
  }

  /** The media segments FFmpeg wrote, in order: whole ones only, since FFmpeg renames a segment when it is complete. */
  static List<Path> mediaSegments(Path scratch) throws IOException {
    try (Stream<Path> listing = Files.list(scratch)) {
      return listing.filter(p -> p.getFileName().toString().endsWith(".m4s"))
          .sorted(Comparator.comparing(Path::toString)).toList();
    }
  }
}
