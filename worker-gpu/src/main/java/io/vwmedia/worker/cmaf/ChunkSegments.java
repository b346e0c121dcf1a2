package io.vwmedia.worker.cmaf;

import io.vwmedia.ffmpeg.encode.ChunkCommandBuilder;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.ffmpeg.encode.FrameGrid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns what FFmpeg wrote for one chunk ({@link ChunkCommandBuilder}: the init segment and a fragment from each
 * keyframe, numbered from 1 on a timeline starting at 0 on the encode's first frame) into the chunk's share of the
 * rung: the fragments of each of the rung's segments joined into one ({@link SegmentJoiner}), named, numbered and
 * timed as the whole rung's encode would have them. The fragments of a pre-roll (frames encoded before the chunk's
 * first, to warm the rate control) are left out. The init segment is kept as FFmpeg wrote it: it is the whole rung's.
 */
public final class ChunkSegments {

  private static final Pattern FRAGMENT = Pattern.compile("frag_(\\d+)\\.m4s");

  private ChunkSegments() {}

  /**
   * Writes {@code init.mp4} and the chunk's segments ({@code seg_%05d.m4s} from {@code firstSegment}) into {@code
   * outputDir}.
   *
   * @param fragmentsDir FFmpeg's output for the chunk
   * @param grid the rung's frame grid
   * @param encodeFirst the encode's first frame on it: the chunk's first, or its pre-roll's
   * @param firstFrame the chunk's first frame on it
   * @param segmentStarts the frame each of the chunk's segments starts on, in order, the first being {@code firstFrame}
   * @param firstSegment the number of the chunk's first segment in the rung
   * @return the segment files written, in order
   */
  public static List<Path> write(Path fragmentsDir, Path outputDir, FrameGrid grid, long encodeFirst, long firstFrame,
      List<Long> segmentStarts, int firstSegment) throws IOException {
    if (encodeFirst > firstFrame) {
      throw new IllegalArgumentException("an encode from frame " + encodeFirst + " cannot hold a chunk from "
          + firstFrame);
    }
    Path init = fragmentsDir.resolve(FfmpegCommandBuilder.INIT_SEGMENT);
    if (!Files.isRegularFile(init)) {
      throw new CmafFormatException("FFmpeg wrote no init segment for the chunk");
    }
    TrackInfo track = CmafInspector.readInit(init);
    List<MovieFragment> fragments = new ArrayList<>();
    for (Path file : fragments(fragmentsDir)) {
      fragments.add(MovieFragment.read(file, track));
    }
    if (fragments.isEmpty()) {
      throw new CmafFormatException("FFmpeg wrote no fragment for the chunk");
    }
    for (MovieFragment f : fragments) {
      if (f.sidx() != null && f.sidx().timescale() != track.timescale()) {
        throw new CmafFormatException("a segment index in ticks of " + f.sidx().timescale() + ", the track's are "
            + track.timescale());
      }
    }
    long perFrame = grid.ticks(1, track.timescale());
    long late = fragments.get(0).decodeTime();
    if (late != 0) {
      // FFmpeg's timeline starts at the encode's first frame: any other first frame (a seek that lost a held picture)
      // shows as a decode time other than 0
      throw new CmafFormatException("the encode does not start on its first frame " + encodeFirst + " but "
          + (late % perFrame == 0 ? late / perFrame + " frames" : late + " ticks of " + track.timescale()) + " later");
    }
    // where each fragment starts on the rung's frame grid
    long origin = fragments.get(0).earliestPresentationTime();
    Map<Long, Integer> fragmentAt = new HashMap<>();
    for (int i = 0; i < fragments.size(); i++) {
      long since = fragments.get(i).earliestPresentationTime() - origin;
      if (since % perFrame != 0) {
        throw new CmafFormatException("a fragment starts " + since + " ticks into the chunk, off its frame grid");
      }
      fragmentAt.put(encodeFirst + since / perFrame, i);
    }
    List<Integer> cuts = new ArrayList<>();
    for (int s = 0; s < segmentStarts.size(); s++) {
      Integer at = fragmentAt.get(segmentStarts.get(s));
      if (at == null) {
        throw new CmafFormatException("no keyframe at frame " + segmentStarts.get(s) + ", where segment "
            + (firstSegment + s) + " of the rung starts");
      }
      cuts.add(at);
    }
    if (cuts.isEmpty() || segmentStarts.get(0) != firstFrame) {
      throw new CmafFormatException("the chunk's first frame " + firstFrame + " does not start its first segment");
    }
    // the fragments before the chunk's first frame are the pre-roll's: encoded, not the chunk's
    cuts.add(fragments.size());

    Files.createDirectories(outputDir);
    Files.copy(init, outputDir.resolve(FfmpegCommandBuilder.INIT_SEGMENT));
    long shift = grid.ticks(encodeFirst, track.timescale());
    List<Path> written = new ArrayList<>();
    for (int s = 0; s + 1 < cuts.size(); s++) {
      int number = firstSegment + s;
      Path segment = outputDir.resolve(String.format(FfmpegCommandBuilder.SEGMENT_PATTERN, number));
      Files.write(segment, SegmentJoiner.join(fragments.subList(cuts.get(s), cuts.get(s + 1)), number, shift));
      written.add(segment);
    }
    return written;
  }

  /** FFmpeg's fragment files, in the order it wrote them. */
  private static List<Path> fragments(Path dir) throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> FRAGMENT.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(ChunkSegments::number)).toList();
    }
  }

  private static long number(Path fragment) {
    Matcher m = FRAGMENT.matcher(fragment.getFileName().toString());
    m.matches();
    return Long.parseLong(m.group(1));
  }
}
