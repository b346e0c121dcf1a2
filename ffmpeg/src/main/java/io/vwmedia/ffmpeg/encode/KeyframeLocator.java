package io.vwmedia.ffmpeg.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.ffmpeg.process.FfmpegProcess;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Where an input seek ({@code -noaccurate_seek -ss}, timestamps counted from the source's start as {@code -copyts
 * -start_at_zero} counts them) must go for decoding to start at the last keyframe presented at or before a given time:
 * what a chunk's encode seeks to, so that it decodes no more of the source than the chunk needs and yet every picture
 * it needs.
 *
 * <p>It asks ffprobe for the video packets of a window before that time (packets only, nothing decoded), widening the
 * window until it holds a keyframe. How FFmpeg then seeks depends on the container:
 *
 * <ul>
 *   <li>MP4/MOV and Matroska/WebM seek on an index of presentation times: a seek to the keyframe's own presentation
 *       time starts there (Matroska at or before it).
 *   <li>The others (an MPEG transport stream above all) have no index: FFmpeg searches the file for a packet whose
 *       decode time is at or before the seek time, and the decoder starts at the first keyframe after it. The seek
 *       goes to just before the keyframe's decode time, so that the first keyframe after the landing point is this one
 *       (or, where the search lands further back, an earlier one).
 * </ul>
 */
public final class KeyframeLocator {

  /** How far back the first look goes; each look after it goes four times further. */
  private static final long FIRST_LOOK_MICROS = 10_000_000;

  private final String ffprobe;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  public KeyframeLocator(String ffprobe, Duration timeout) {
    this.ffprobe = ffprobe;
    this.timeout = timeout;
  }

  /**
   * The seek time, in microseconds from the source's start, after which decoding starts at the last keyframe presented
   * at or before {@code micros}; 0 (decode from the start) when there is none before it.
   *
   * @throws IOException ffprobe could not be run or could not read the source
   */
  public long seekFor(FfmpegInput input, long micros) throws IOException, InterruptedException {
    if (micros <= 0) {
      return 0;
    }
    JsonNode format = ffprobe(input, List.of("-show_entries", "format=start_time,format_name")).path("format");
    long start = Math.round(format.path("start_time").asDouble(0) * 1e6);
    String name = format.path("format_name").asText("");
    boolean indexedByPresentation = name.contains("mov") || name.contains("matroska");
    for (long back = FIRST_LOOK_MICROS; ; back *= 4) {
      long from = Math.max(0, micros - back);
      // absolute times: an end given as an offset would count from wherever ffprobe's own seek landed
      JsonNode packets = ffprobe(input, List.of("-select_streams", "v:0",
          "-read_intervals", clock(start + from) + "%" + clock(start + micros + 1_000_000),
          "-show_entries", "packet=pts_time,dts_time,flags")).path("packets");
      OptionalLong seek = Keyframes.of(packets, start, indexedByPresentation).seekFor(micros);
      if (seek.isPresent()) {
        return seek.getAsLong();
      }
      if (from == 0) {
        return 0;
      }
    }
  }

  /** ffprobe's JSON answer to these entries of the source. */
  private JsonNode ffprobe(FfmpegInput input, List<String> entries) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ffprobe, "-v", "error"));
    command.addAll(entries);
    command.addAll(List.of("-print_format", "json"));
    command.addAll(input.args());
    FfmpegProcess.Result result = FfmpegProcess.of(command).captureStdout().timeout(timeout).run();
    if (!result.succeeded()) {
      throw new IOException("ffprobe could not read " + input + ": "
          + (result.timedOut() ? "timed out" : result.stderrTail(3)));
    }
    return json.readTree(result.stdout());
  }

  /** A keyframe's presentation and decode times, in microseconds from the source's start. */
  record Keyframe(long presented, long decoded) {}

  /**
   * The keyframes ffprobe listed.
   *
   * @param indexedByPresentation the container is one FFmpeg seeks on an index of presentation times
   */
  record Keyframes(boolean indexedByPresentation, List<Keyframe> listed) {

    static Keyframes of(JsonNode packets, long startMicros, boolean indexedByPresentation) {
      List<Keyframe> listed = new ArrayList<>();
      for (JsonNode p : packets) {
        double pts = p.path("pts_time").asDouble(Double.NaN);
        if (p.path("flags").asText("").startsWith("K") && !Double.isNaN(pts)) {
          double dts = p.path("dts_time").asDouble(pts);
          listed.add(new Keyframe(Math.round(pts * 1e6) - startMicros, Math.round(dts * 1e6) - startMicros));
        }
      }
      return new Keyframes(indexedByPresentation, listed);
    }

    /** The seek for the last keyframe presented at or before {@code micros}, if one was listed. */
    OptionalLong seekFor(long micros) {
      return listed.stream().filter(k -> k.presented() <= micros).max(Comparator.comparingLong(Keyframe::presented))
          .map(k -> indexedByPresentation ? k.presented() : Math.min(k.presented(), k.decoded()) - 1_000)
          .map(seek -> OptionalLong.of(Math.max(0, seek))).orElse(OptionalLong.empty());
    }
  }

  /** A timestamp as ffprobe's {@code -read_intervals} reads it: seconds, which may be below zero. */
  private static String clock(long micros) {
    return String.format(Locale.ROOT, "%.6f", micros / 1e6);
  }
}
