package io.vwmedia.worker.cmaf;

import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.ffmpeg.encode.SegmentGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what FFmpeg wrote for a whole rung whose segments ramp up ({@link SegmentGrid#ramps}: the init segment and a
 * fragment from each cut, {@link FfmpegCommandBuilder#FRAGMENT_PATTERN}) into the rung's segments: the fragments from
 * each segment start to the next joined into one ({@link SegmentJoiner}), numbered from 1. A segment starts with the
 * first fragment that starts at or after its boundary, as a video segment starts on the first frame at or after it;
 * that fragment must start less than one sample after the boundary, or the keyframe (or the audio cut) the boundary
 * needs is missing and the rung is refused rather than published with a segment the plan does not have.
 */
public final class RampSegments {

  /** Where the joined segments go inside FFmpeg's output folder, beside its fragments. */
  private static final String JOINED = "segments";

  private RampSegments() {}

  /**
   * The folder holding a whole rung's init and media segments once FFmpeg is done writing into {@code dir}: {@code dir}
   * itself, or, where the segments ramp up and FFmpeg cut fragments ({@link FfmpegCommandBuilder#cutsFragments}), a
   * folder inside it with the fragments joined into the segments.
   */
  public static Path folder(RungSpec rung, Path dir) throws IOException {
    if (!FfmpegCommandBuilder.cutsFragments(rung)) {
      return dir;
    }
    Path joined = dir.resolve(JOINED);
    write(dir, joined, SegmentGrid.of(rung));
    return joined;
  }

  /**
   * Writes {@code init.mp4} and the segments ({@code seg_%05d.m4s} from 1) into {@code outputDir}.
   *
   * @return the segment files written, in order
   */
  public static List<Path> write(Path fragmentsDir, Path outputDir, SegmentGrid grid) throws IOException {
    Path init = fragmentsDir.resolve(FfmpegCommandBuilder.INIT_SEGMENT);
    if (!Files.isRegularFile(init)) {
      throw new CmafFormatException("FFmpeg wrote no init segment");
    }
    TrackInfo track = CmafInspector.readInit(init);
    // where each fragment starts, read one at a time: a whole rung's media is never held in memory
    List<Path> files = ChunkSegments.fragments(fragmentsDir);
    if (files.isEmpty()) {
      throw new CmafFormatException("FFmpeg wrote no fragment");
    }
    long[] starts = new long[files.size()];
    long origin = 0;
    long end = 0;
    long sample = 1;
    for (int i = 0; i < files.size(); i++) {
      MovieFragment f = MovieFragment.read(files.get(i), track);
      origin = i == 0 ? f.earliestPresentationTime() : origin;
      starts[i] = f.earliestPresentationTime() - origin;
      end = starts[i] + f.duration();
      sample = Math.max(sample, f.samples().stream().mapToLong(MovieFragment.Sample::duration).max().orElse(1));
    }
    long timescale = track.timescale();

    List<Integer> cuts = new ArrayList<>();
    int next = 0;
    for (long boundaryMicros : grid.segmentStarts(0, ceilDiv(Math.multiplyExact(end, 1_000_000L), timescale))) {
      long boundary = ceilTicks(boundaryMicros, timescale);
      if (boundary > 0 && end - boundary < sample) {
        break; // the media ends before a sample could start this segment
      }
      while (next < starts.length && starts[next] < boundary) {
        next++;
      }
      if (next == starts.length || starts[next] - boundary >= sample) {
        throw new CmafFormatException("no cut at " + boundaryMicros / 1e6 + " s, where segment " + (cuts.size() + 1)
            + " starts: the next one is at " + (double) (next == starts.length ? end : starts[next]) / timescale + " s");
      }
      cuts.add(next);
    }
    cuts.add(files.size());

    Files.createDirectories(outputDir);
    Files.copy(init, outputDir.resolve(FfmpegCommandBuilder.INIT_SEGMENT));
    List<Path> written = new ArrayList<>();
    for (int s = 0; s + 1 < cuts.size(); s++) {
      List<MovieFragment> fragments = new ArrayList<>();
      for (Path file : files.subList(cuts.get(s), cuts.get(s + 1))) {
        fragments.add(MovieFragment.read(file, track));
        Files.delete(file); // the scratch folder holds each byte once
      }
      int number = s + 1;
      Path segment = outputDir.resolve(String.format(FfmpegCommandBuilder.SEGMENT_PATTERN, number));
      Files.write(segment, SegmentJoiner.join(fragments, number, 0));
      written.add(segment);
    }
    return written;
  }

  /** The first tick at or after {@code micros}. */
  private static long ceilTicks(long micros, long timescale) {
    return ceilDiv(Math.multiplyExact(micros, timescale), 1_000_000L);
  }

  private static long ceilDiv(long a, long b) {
    return Math.floorDiv(a + b - 1, b);
  }
}
