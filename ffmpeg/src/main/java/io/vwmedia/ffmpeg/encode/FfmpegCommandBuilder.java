package io.vwmedia.ffmpeg.encode;

import static io.vwmedia.ffmpeg.source.SourcePreparation.num;
import static io.vwmedia.ffmpeg.source.SourcePreparation.rate;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the FFmpeg command for one rung. Everything that makes rungs line up lives here, whatever the encoder:
 * an IDR every GOP forced on the same timestamps, no scene-cut keyframes, closed GOPs, constant frame rate, and
 * FFmpeg's HLS muxer cutting CMAF fMP4 segments ({@code init.mp4}, {@code seg_00001.m4s}, ...) on those
 * keyframes. Segment boundaries are then the same in every rung, so HLS and DASH can share the files.
 *
 * <p>So does what makes every source publishable: interlaced sources are deinterlaced frame for frame, HDR (PQ,
 * HLG) is tone-mapped to SDR, and the output is 8-bit 4:2:0 BT.709, tagged as such. Rotation needs nothing here:
 * FFmpeg applies the display matrix while decoding, and the planner sized the rung for the rotated picture.
 */
public final class FfmpegCommandBuilder {

  public static final String INIT_SEGMENT = "init.mp4";
  public static final String SEGMENT_PATTERN = "seg_%05d.m4s";

  private final String ffmpeg;

  public FfmpegCommandBuilder(String ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** One rung of a command: the task, the encoder it runs on (null for audio) and the folder its segments go to. */
  public record RungOutput(RenditionTask task, Encoder encoder, Path outputDir) {
    boolean video() {
      return task.getRung().getKind() == RungKind.VIDEO;
    }
  }

  public List<String> build(FfmpegInput input, RenditionTask task, Encoder encoder, Path outputDir) {
    return build(input, List.of(new RungOutput(task, encoder, outputDir)));
  }

  /**
   * One command for several rungs of the same source: FFmpeg reads and decodes the source once and feeds every
   * output its own filters, encoder and segmenter. The video rungs must share their decode setup ({@link
   * Encoder#inputArgs}), which {@link #sharesDecode} checks.
   */
  public List<String> build(FfmpegInput input, List<RungOutput> outputs) {
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("no rung to encode");
    }
    if (!sharesDecode(outputs)) {
      throw new IllegalArgumentException("these rungs decode the source differently and need separate commands");
    }
    List<String> cmd = head(ffmpeg);
    outputs.stream().filter(RungOutput::video).findFirst()
        .ifPresent(o -> cmd.addAll(o.encoder().inputArgs(o.task())));
    cmd.addAll(input.args());
    for (RungOutput o : outputs) {
      cmd.addAll(o.video()
          ? video(o.task(), o.encoder(), o.encoder().videoFilter(o.task()), "cfr", keyframes(o.task().getRung()))
          : audio(o.task().getRung()));
      cmd.addAll(segmenter(o.task().getRung(), o.outputDir()));
    }
    return cmd;
  }

  /** Whether these rungs can share one command: the same source, and the same decode setup for every video rung. */
  public static boolean sharesDecode(List<RungOutput> outputs) {
    return outputs.stream().map(o -> o.task().getSourceUri()).distinct().count() <= 1
        && outputs.stream().filter(RungOutput::video).map(o -> o.encoder().inputArgs(o.task())).distinct().count() <= 1;
  }

  /** The options every command starts with: quiet, progress on stdout for {@link FfmpegRunner}. */
  static List<String> head(String ffmpeg) {
    return new ArrayList<>(List.of(
        ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"));
  }

  /**
   * One video output: the source's first video stream through {@code filter}, the encoder's own arguments, the GOP
   * and the forced {@code keyframes}. The filter ends with the {@code fps} filter, as QualityMeter's reference and the
   * per-title probe do: where a source drops frames (a damaged AV1 frame in the Sintel clip), all fill the gap with
   * the same frame. {@code fpsMode} {@code cfr} keeps the output at the rung's rate from 0; a chunk, whose frames
   * start later, passes the filter's constant-rate frames through.
   */
  static List<String> video(RenditionTask task, Encoder encoder, String filter, String fpsMode, String keyframes) {
    RungSpec rung = task.getRung();
    double fps = rung.getFrameRate();
    int gopFrames = Math.max(1, (int) Math.round(fps * rung.getGopSeconds()));
    List<String> args = new ArrayList<>(List.of(
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", filter,
        "-fps_mode", fpsMode, "-r", rate(fps),
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"));
    args.addAll(encoder.codecArgs(rung));
    args.addAll(List.of(
        "-g", Integer.toString(gopFrames),
        "-keyint_min", Integer.toString(gopFrames),
        "-sc_threshold", "0",
        "-flags", "+cgop",
        "-force_key_frames", keyframes));
    return args;
  }

  /**
   * IDR frames every GOP from 0; with a first segment shorter than the GOP, IDR frames where the HLS muxer cuts the
   * first segments (see {@link #segmenter}) and every GOP after them: at 0, first, 2 x first, then first + k x GOP.
   * Video then cuts exactly where audio does, so both tracks have the same segment boundaries.
   */
  static String keyframes(RungSpec rung) {
    return keyframes(rung, 0, "t");
  }

  /**
   * The same keyframes for a chunk's encode, on {@link ChunkWindow#keyframeClock}: FFmpeg's {@code t} counts from the
   * first frame the encoder gets, so the chunk's clock is {@code t} plus where that frame lies on the rung's timeline,
   * and {@code n_forced} counts on from the {@code forcedBefore} keyframes the whole encode forced before it ({@link
   * SegmentGrid#keyframesBefore}). The chunk then forces its keyframes on the very frames the whole encode does, even
   * where the encoder's own GOP count from the chunk's first frame would drift from them (29.97 fps).
   */
  static String keyframes(RungSpec rung, long forcedBefore, String clock) {
    String gop = num(rung.getGopSeconds());
    double first = firstSegmentSeconds(rung);
    String n = forcedBefore == 0 ? "n_forced" : "(n_forced+" + forcedBefore + ")";
    if (first >= rung.getGopSeconds()) {
      return "expr:gte(" + clock + "," + n + "*" + gop + ")";
    }
    String f = num(first);
    return "expr:gte(" + clock + ",if(eq(" + n + ",0),0,if(eq(" + n + ",1)," + f + ",if(eq(" + n + ",2),2*" + f + ","
        + f + "+(" + n + "-2)*" + gop + "))))";
  }

  /** The first segment's target duration: the rung's own when set and shorter than the others, else theirs. */
  static double firstSegmentSeconds(RungSpec rung) {
    double first = rung.getFirstSegmentSeconds();
    return first > 0 && first < rung.getSegmentSeconds() ? first : rung.getSegmentSeconds();
  }

  private static List<String> audio(RungSpec rung) {
    return List.of(
        "-map", "0:a:0", "-vn", "-sn", "-dn",
        "-c:a", "aac",
        "-profile:a", rung.getProfile(),
        "-b:a", rung.getBitrateKbps() + "k",
        "-ac", Integer.toString(rung.getAudioChannels()),
        "-ar", Integer.toString(rung.getAudioSampleRate()));
  }

  private static List<String> segmenter(RungSpec rung, Path outputDir) {
    List<String> args = new ArrayList<>(List.of("-f", "hls", "-hls_time", num(rung.getSegmentSeconds())));
    double first = firstSegmentSeconds(rung);
    if (first < rung.getSegmentSeconds()) {
      // the muxer uses hls_init_time for the segments of its first playlist window only, so the window is one
      // segment (its playlist is not used: the packager writes the published ones from the segments themselves).
      // It cuts at `first`, once more at 2 x first, then at first + k x segmentSeconds: with a 1 s first segment,
      // 1, 1, 1, then 2 s each for 2 s segments; 1, 1, 5, then 6 s each for 6 s segments
      args.addAll(List.of("-hls_init_time", num(first), "-hls_list_size", "1"));
    } else {
      args.addAll(List.of("-hls_playlist_type", "vod"));
    }
    args.addAll(fmp4(outputDir, SEGMENT_PATTERN));
    return args;
  }

  /**
   * The HLS muxer's CMAF options after its cutting ones: fMP4 segments named by {@code segmentPattern} and the init
   * segment in {@code outputDir}, and FFmpeg's own playlist, which nothing reads. Each segment is written under a
   * temporary name and renamed when it is complete ({@code temp_file}), so a segment file that exists is whole: the
   * worker stores segments while FFmpeg still runs (live publishing). The init segment is whole once the first media
   * segment exists.
   */
  static List<String> fmp4(Path outputDir, String segmentPattern) {
    return List.of(
        "-hls_segment_type", "fmp4",
        "-hls_flags", "independent_segments+temp_file",
        "-hls_fmp4_init_filename", INIT_SEGMENT,
        "-start_number", "1",
        "-hls_segment_filename", outputDir.resolve(segmentPattern).toString(),
        outputDir.resolve("ffmpeg.m3u8").toString());
  }
}
