package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.ChunkSpec;
import io.vwmedia.events.RenditionTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One chunk's frames, {@code firstFrame} to {@code firstFrame + frameCount - 1} of the rung's output grid, and the
 * FFmpeg options that make exactly those pictures from the source: the ones the whole rung's encode makes at those
 * positions, for a source of constant or variable frame rate alike. The chunk's encode and the quality meter's
 * reference both take the window from here.
 *
 * <ul>
 *   <li>{@code -copyts -start_at_zero}: decoded frames keep their own timestamps, shifted by the file's start time
 *       exactly as the whole encode shifts them, so the {@code fps} filter at the end of the preparation chain puts
 *       every frame on the same grid position (its output timestamp n is frame n).
 *   <li>{@code -noaccurate_seek -ss} to {@code seekMicros}, where decoding starts at the last keyframe presented at or
 *       two frames before the chunk's first frame ({@link KeyframeLocator} finds it; {@link #keyframeDeadlineMicros})
 *       and every frame decoded from there reaches the filters. The picture the {@code fps} filter shows at the chunk's
 *       first position is the last source frame at or before it, which is then always among them, even where a
 *       variable-rate source holds one picture for seconds (accurate seeking would drop it and start the chunk on a
 *       later picture). The two frames give a deinterlacer the fields before the first frame. Without a located
 *       keyframe ({@link #of}) the seek goes {@link #SEEK_MARGIN_MICROS} before the first frame, which is enough only
 *       where the container seeks exactly or the keyframes are closer than that.
 *   <li>{@code trim=start_pts:end_pts} after the {@code fps} filter, whose time base is one frame: a selection of
 *       frames by index, no time arithmetic.
 *   <li>{@code -force_key_frames} on {@link #keyframeClock}: FFmpeg's {@code t} counts from the encoder's first
 *       frame, so the chunk's keyframe expression adds the chunk's start to it and forces the whole rung's frames.
 *   <li>{@code -output_ts_offset} minus the first frame's time, on the output only: the muxer sees the chunk start
 *       at 0 as a whole rung starts, so the init segment is the whole rung's byte for byte; the worker puts the
 *       decode times back.
 *   <li>A pre-roll ({@link #withPreroll}): the encode starts {@code prerollFrames} before the chunk, on a keyframe of
 *       the rung's, and the worker throws those frames' fragments away. A one-pass rate control that starts cold
 *       guesses the first GOP's quantiser from a prior that knows nothing of the source; after a GOP of the source's
 *       own frames the chunk's first GOP is coded at least as well as the whole rung's encode codes it, and the
 *       chunk spends in its own frames the bits the cold start saved in the pre-roll (docs/scaling.md, "Pre-roll").
 * </ul>
 *
 * <p>Every time and filter option here counts from the encode's first frame ({@link #encodeFirst}); {@link #trim} and
 * {@link #seconds} are the chunk's own frames, which the quality meter compares and the result reports.
 *
 * @param grid the rung's output frame grid
 * @param firstFrame index of the chunk's first frame on that grid
 * @param frameCount frames in the chunk
 * @param seekMicros where the input seek goes, in microseconds from the source's start; 0 decodes from the start
 * @param prerollFrames frames encoded before the chunk's first and thrown away (0: the encode starts on the chunk)
 */
public record ChunkWindow(FrameGrid grid, long firstFrame, long frameCount, long seekMicros, long prerollFrames) {

  /** Without a located keyframe: how far before the chunk's first frame decoding starts (then back to a keyframe). */
  static final long SEEK_MARGIN_MICROS = 3_000_000;
  /** Source frames a deinterlacer reads before the one it deinterlaces, counted generously on the rung's grid. */
  private static final long FRAMES_BEFORE = 2;

  public ChunkWindow {
    if (firstFrame < 0 || frameCount <= 0) {
      throw new IllegalArgumentException("a chunk has a first frame from 0 and at least one frame, not " + firstFrame
          + " and " + frameCount);
    }
    if (prerollFrames < 0 || prerollFrames > firstFrame) {
      throw new IllegalArgumentException("a chunk from frame " + firstFrame + " cannot pre-roll " + prerollFrames
          + " frames");
    }
    if (seekMicros < 0 || seekMicros > grid.micros(firstFrame - prerollFrames)) {
      throw new IllegalArgumentException("a chunk encoded from frame " + (firstFrame - prerollFrames)
          + " cannot seek to " + seekMicros + " µs");
    }
  }

  /** The window of a chunk task, seeking {@link #SEEK_MARGIN_MICROS} before its first frame. */
  public static ChunkWindow of(RenditionTask task) {
    ChunkSpec chunk = task.getChunk();
    if (chunk == null) {
      throw new IllegalArgumentException("task for " + task.getRung().getName() + " is not a chunk");
    }
    FrameGrid grid = FrameGrid.of(task.getRung().getFrameRate());
    return new ChunkWindow(grid, chunk.getFirstFrame(), chunk.getFrameCount(),
        Math.max(0, grid.micros(chunk.getFirstFrame()) - SEEK_MARGIN_MICROS), 0);
  }

  /** The same frames, decoded from where a seek to {@code micros} starts (see {@link KeyframeLocator}). */
  public ChunkWindow seekingTo(long micros) {
    return new ChunkWindow(grid, firstFrame, frameCount, micros, prerollFrames);
  }

  /**
   * The same frames, encoded from {@code frames} earlier, those thrown away; the seek {@link #SEEK_MARGIN_MICROS}
   * before the encode's first frame until {@link #seekingTo} places it.
   */
  public ChunkWindow withPreroll(long frames) {
    return new ChunkWindow(grid, firstFrame, frameCount,
        Math.max(0, grid.micros(firstFrame - frames) - SEEK_MARGIN_MICROS), frames);
  }

  /** The first frame the encoder gets: the chunk's first, or the pre-roll's. */
  public long encodeFirst() {
    return firstFrame - prerollFrames;
  }

  /** The latest a keyframe to decode from may be presented: two frames before the encode's first, or 0. */
  public long keyframeDeadlineMicros() {
    return grid.micros(Math.max(0, encodeFirst() - FRAMES_BEFORE));
  }

  /** Options before the source's {@code -i}: keep the source's timestamps, seek where decoding is to start. */
  public List<String> inputArgs() {
    List<String> args = new ArrayList<>(List.of("-copyts", "-start_at_zero"));
    if (seekMicros > 0) {
      args.addAll(List.of("-noaccurate_seek", "-ss", seconds(seekMicros)));
    }
    return args;
  }

  /** The filter that follows the preparation chain (which ends with the {@code fps} filter): the chunk's frames. */
  public String trim() {
    return "trim=start_pts=" + firstFrame + ":end_pts=" + (firstFrame + frameCount);
  }

  /** The same filter for the encode: the pre-roll's frames, then the chunk's. */
  public String encodeTrim() {
    return "trim=start_pts=" + encodeFirst() + ":end_pts=" + (firstFrame + frameCount);
  }

  /** Output options: the muxer sees the encode's first frame at 0. */
  public List<String> outputArgs() {
    return encodeFirst() == 0 ? List.of() : List.of("-output_ts_offset", "-" + seconds(grid.micros(encodeFirst())));
  }

  /**
   * The clock a chunk's {@code -force_key_frames} expression reads instead of {@code t}: FFmpeg's {@code t} is the
   * time since the first frame the encoder got (the pre-roll's or the chunk's first), so this adds where that frame
   * lies on the rung's timeline, rounded to the microsecond and one microsecond later. A frame presented exactly on a
   * keyframe's time (a whole-second boundary at 25 or 30 fps) then reaches it as it does in the whole encode, while
   * the frames just before a boundary of a 30000/1001 or 60000/1001 grid lie at least 16 microseconds short of it and
   * stay short.
   */
  public String keyframeClock() {
    return encodeFirst() == 0 ? "t" : "t+" + seconds(grid.micros(encodeFirst()) + 1);
  }

  /** The chunk's duration in seconds. */
  public double seconds() {
    return grid.seconds(frameCount);
  }

  /** The encode's duration in seconds: the pre-roll's and the chunk's. */
  public double encodedSeconds() {
    return grid.seconds(prerollFrames + frameCount);
  }

  /** FFmpeg's seconds, to the microsecond. */
  static String seconds(long micros) {
    return String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
  }
}
