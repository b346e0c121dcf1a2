package io.vwmedia.ffmpeg.encode;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds the FFmpeg command for one chunk of a video rung (issue 14): exactly the chunk's frames ({@link
 * ChunkWindow}), prepared by the same filter chain and encoded with the same encoder arguments, GOP and capped VBV
 * rate control as the whole rung ({@link FfmpegCommandBuilder#video}), with keyframes forced on the same frames.
 *
 * <p>What it cannot leave to FFmpeg is where segments end: the HLS muxer measures its segment targets from the first
 * frame it gets, and a chunk's first frame lies up to a frame after its boundary (29.97 fps), so its cuts would drift
 * from the whole rung's. The muxer therefore cuts a fragment at every keyframe ({@code -hls_time 0}) into {@link
 * #FRAGMENT_PATTERN} files, and the worker joins the fragments of each segment on the rung's own boundaries ({@link
 * SegmentGrid}), numbers them and puts their decode times on the rung's timeline.
 */
public final class ChunkCommandBuilder {

  /** FFmpeg's files for a chunk: one fragment from each keyframe to the next, before the worker joins them. */
  public static final String FRAGMENT_PATTERN = "frag_%05d.m4s";

  private final String ffmpeg;

  public ChunkCommandBuilder(String ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** The chunk's command, decoding the source from where {@code window} seeks. */
  public List<String> build(FfmpegInput input, RenditionTask task, ChunkWindow window, Encoder encoder, Path outputDir) {
    RungSpec rung = task.getRung();
    if (rung.getKind() != RungKind.VIDEO) {
      throw new IllegalArgumentException("only video rungs are encoded in chunks, not " + rung.getName());
    }
    // the rung's keyframe the encode starts on (the chunk's boundary, or its pre-roll's): its first frame lies at most
    // a frame after it
    SegmentGrid segments = SegmentGrid.of(rung);
    long from = segments.keyframeAtOrBefore(window.grid().micros(window.encodeFirst()));
    long forcedBefore = segments.keyframesBefore(from);
    List<String> cmd = FfmpegCommandBuilder.head(ffmpeg);
    cmd.addAll(encoder.inputArgs(task));
    cmd.addAll(window.inputArgs());
    cmd.addAll(input.args());
    cmd.addAll(FfmpegCommandBuilder.video(task, encoder, encoder.videoFilter(task) + "," + window.encodeTrim(),
        "passthrough",
        FfmpegCommandBuilder.keyframes(rung, forcedBefore, window.keyframeClock())));
    cmd.addAll(window.outputArgs());
    cmd.addAll(List.of("-f", "hls", "-hls_time", "0", "-hls_list_size", "0"));
    cmd.addAll(FfmpegCommandBuilder.fmp4(outputDir, FRAGMENT_PATTERN));
    return cmd;
  }
}
