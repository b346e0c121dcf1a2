package io.vwmedia.worker;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RenditionTask;
import io.vwmedia.ffmpeg.encode.ChunkCommandBuilder;
import io.vwmedia.ffmpeg.encode.ChunkWindow;
import io.vwmedia.ffmpeg.encode.EncodeFailedException;
import io.vwmedia.ffmpeg.encode.Encoder;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.ffmpeg.encode.FfmpegRunner;
import io.vwmedia.ffmpeg.encode.FrameGrid;
import io.vwmedia.ffmpeg.encode.KeyframeLocator;
import io.vwmedia.ffmpeg.encode.SegmentGrid;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ObjectStore;
import io.vwmedia.worker.cmaf.ChunkCheck;
import io.vwmedia.worker.cmaf.ChunkSegments;
import io.vwmedia.worker.cmaf.CmafFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What encoding a chunk of a rung (a task with {@link RenditionTask#getChunk()}, issue 14) adds to encoding a whole
 * one: FFmpeg encodes exactly the chunk's frames ({@link ChunkCommandBuilder}), after a pre-roll of the GOPs before them
 * where {@code vw.worker.chunk-preroll} asks for one (thrown away: the chunk's first GOP is then coded by a warm rate
 * control); the worker joins its fragments into the rung's segments on the rung's own boundaries and timeline ({@link
 * ChunkSegments}), and checks them against the plan ({@link ChunkCheck}) before anything is stored. {@link
 * RungTranscoder} does the rest as for a whole rung (fallback to
 * the CPU, quality, storing, the result).
 *
 * <p>Each copy of a chunk is stored in its own folder ({@link #folder}), so a redelivered task or a speculative copy
 * never writes an object another copy wrote; the result names the folder, and its init segment's digest lets the
 * topology check that every chunk of the rung has the same init.
 */
final class ChunkTranscoder {

  private static final Logger log = LoggerFactory.getLogger(ChunkTranscoder.class);

  /** Where the joined segments go inside the scratch folder, beside FFmpeg's fragments. */
  private static final String JOINED = "chunk";

  private final WorkerConfig config;
  private final ChunkCommandBuilder commands;
  private final KeyframeLocator keyframes;
  private final FfmpegRunner runner = new FfmpegRunner();

  ChunkTranscoder(WorkerConfig config) {
    this.config = config;
    this.commands = new ChunkCommandBuilder(config.ffmpeg());
    this.keyframes = new KeyframeLocator(config.ffprobe(), config.probeTimeout());
  }

  /**
   * The chunk's frames, its pre-roll ({@link #prerollFrames}) and where its encode decodes the source from: the last
   * keyframe presented before the encode's first frame ({@link KeyframeLocator}), so that no more of the source is
   * decoded than the encode needs, whatever the container. Where the source's packets cannot be listed, a seek {@link
   * ChunkWindow#of a fixed margin} before them.
   */
  ChunkWindow window(RenditionTask task, FfmpegInput input) throws InterruptedException {
    ChunkWindow window = ChunkWindow.of(task).withPreroll(prerollFrames(task, config.chunkPreroll()));
    try {
      return window.seekingTo(keyframes.seekFor(input, window.keyframeDeadlineMicros()));
    } catch (IOException e) {
      log.warn("{}/{}: no keyframe located, decoding from a fixed margin before the chunk: {}", task.getAssetId(),
          label(task), e.getMessage());
      return window;
    }
  }

  /**
   * Encodes the chunk's frames into {@code scratch}: FFmpeg's init segment and one fragment per keyframe. A plan
   * that does not fit the rung's grid is refused before FFmpeg starts ({@link #segmentStarts}).
   */
  void encode(RenditionTask task, ChunkWindow window, FfmpegInput input, Encoder encoder, Path scratch,
      ProgressListener progress) throws EncodeFailedException, InterruptedException {
    segmentStarts(task);
    List<String> command = commands.build(input, task, window, encoder, scratch);
    log.debug("encoding {}/{}: {}", task.getAssetId(), label(task), command);
    double seconds = window.encodedSeconds();
    runner.run(command, seconds, config.encodeTimeout(seconds),
        fraction -> progress.onProgress(task.getAssetId(), label(task), fraction));
  }

  /**
   * The chunk's segments made from what FFmpeg wrote into {@code scratch}, checked: returns the folder holding the
   * init segment and the segments, numbered as in the whole rung.
   *
   * @throws CmafFormatException when the chunk is not what was planned (a FAILED result, class ENCODER)
   */
  Path segments(RenditionTask task, ChunkWindow window, Path scratch) throws IOException {
    ChunkSpec chunk = task.getChunk();
    FrameGrid grid = FrameGrid.of(task.getRung().getFrameRate());
    Path joined = scratch.resolve(JOINED);
    List<Path> segments = ChunkSegments.write(scratch, joined, grid, window.encodeFirst(), chunk.getFirstFrame(),
        segmentStarts(task), chunk.getFirstSegment());
    ChunkCheck.verify(joined.resolve(FfmpegCommandBuilder.INIT_SEGMENT), segments, chunk, grid);
    return joined;
  }

  /**
   * How many frames before the chunk its encode starts: from the last keyframe of the rung's grid ({@link
   * SegmentGrid#keyframeAtOrBefore}) at least {@code preroll} before the chunk's start, so the pre-roll is whole
   * GOPs of the rung's; none for the first chunk, which starts where a whole rung's encode starts, or with no pre-roll.
   */
  static long prerollFrames(RenditionTask task, Duration preroll) {
    ChunkSpec chunk = task.getChunk();
    if (preroll.isZero() || chunk.getFirstFrame() == 0) {
      return 0;
    }
    long start = SegmentGrid.micros(chunk.getStartSeconds());
    long from = SegmentGrid.of(task.getRung()).keyframeAtOrBefore(Math.max(0, start - preroll.toNanos() / 1000));
    return chunk.getFirstFrame() - FrameGrid.of(task.getRung().getFrameRate()).firstFrameAtOrAfter(from);
  }

  /**
   * The frame each of the chunk's segments starts on: the first frame at or after each of the rung's segment
   * boundaries from the chunk's start to its end ({@link SegmentGrid}). The plan must agree: the chunk starts on a
   * boundary, on the first frame at or after it, and (but for the last chunk, whose end is the source's) holds every
   * frame up to the next chunk's first, so that chunks neither overlap nor leave a frame out.
   */
  private static List<Long> segmentStarts(RenditionTask task) {
    ChunkSpec chunk = task.getChunk();
    FrameGrid grid = FrameGrid.of(task.getRung().getFrameRate());
    long start = SegmentGrid.micros(chunk.getStartSeconds());
    long end = SegmentGrid.micros(chunk.getEndSeconds());
    List<Long> starts = SegmentGrid.of(task.getRung()).segmentStarts(start, end);
    String which = "chunk " + chunk.getIndex() + " of " + task.getRung().getName();
    if (starts.isEmpty() || starts.get(0) != start) {
      throw new CmafFormatException(which + " starts at " + chunk.getStartSeconds()
          + " s, not on a segment boundary of the rung");
    }
    if (grid.firstFrameAtOrAfter(start) != chunk.getFirstFrame()) {
      throw new CmafFormatException(which + " names frame " + chunk.getFirstFrame() + " as its first; the first at or after "
          + chunk.getStartSeconds() + " s is " + grid.firstFrameAtOrAfter(start));
    }
    long next = grid.firstFrameAtOrAfter(end);
    if (chunk.getIndex() < chunk.getCount() - 1 && chunk.getFirstFrame() + chunk.getFrameCount() != next) {
      throw new CmafFormatException(which + " names " + chunk.getFrameCount() + " frames; from frame "
          + chunk.getFirstFrame() + " to the next chunk's first (" + next + ", at " + chunk.getEndSeconds() + " s) there are "
          + (next - chunk.getFirstFrame()));
    }
    return starts.stream().map(grid::firstFrameAtOrAfter).toList();
  }

  /**
   * Stores the chunk's segments in this copy's own folder ({@link AssetLayout#chunkFolder}, e.g. {@code c0003-1f2e3d4c/}:
   * no two copies of a chunk ever write the same object) and describes them: the DONE result of the rung's, with the
   * chunk and its init segment's digest.
   */
  RenditionResult.Builder store(RenditionTask task, Path segments, ObjectStore store) throws IOException {
    return StoredRung.store(task, segments, store, AssetLayout.chunkFolder(task.getOutputPrefix(), task.getChunk().getIndex()))
        .setChunk(task.getChunk())
        .setInitDigest(digest(segments.resolve(FfmpegCommandBuilder.INIT_SEGMENT)));
  }

  /** SHA-256 of the init segment, hex: one init per rung, which the topology checks across the chunks. */
  static String digest(Path init) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(init)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** What a chunk's progress is reported as: the rung and which chunk of how many, e.g. {@code 720p c3/12}. */
  static String label(RenditionTask task) {
    return task.getRung().getName() + " c" + task.getChunk().getIndex() + "/" + task.getChunk().getCount();
  }
}
