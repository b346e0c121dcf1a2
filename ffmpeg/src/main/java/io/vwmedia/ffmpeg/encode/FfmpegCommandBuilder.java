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
    List<String> cmd = new ArrayList<>(List.of(
        ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"));
    outputs.stream().filter(RungOutput::video).findFirst()
        .ifPresent(o -> cmd.addAll(o.encoder().inputArgs(o.task())));
    cmd.addAll(input.args());
    for (RungOutput o : outputs) {
      cmd.addAll(o.video() ? video(o.task(), o.encoder()) : audio(o.task().getRung()));
      cmd.addAll(segmenter(o.task().getRung(), o.outputDir()));
    }
    return cmd;
  }

  /** Whether these rungs can share one command: the same source, and the same decode setup for every video rung. */
  public static boolean sharesDecode(List<RungOutput> outputs) {
    return outputs.stream().map(o -> o.task().getSourceUri()).distinct().count() <= 1
        && outputs.stream().filter(RungOutput::video).map(o -> o.encoder().inputArgs(o.task())).distinct().count() <= 1;
  }

  private static List<String> video(RenditionTask task, Encoder encoder) {
    RungSpec rung = task.getRung();
    double fps = rung.getFrameRate();
    int gopFrames = Math.max(1, (int) Math.round(fps * rung.getGopSeconds()));
    // the chain ends with the fps filter, as QualityMeter's reference and the per-title probe do: where a source
    // drops frames (a damaged AV1 frame in the Sintel clip), all fill the gap with the same frame
    String filter = encoder.videoFilter(task);
    List<String> args = new ArrayList<>(List.of(
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", filter,
        "-fps_mode", "cfr", "-r", rate(fps),
        "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv"));
    args.addAll(encoder.codecArgs(rung));
    args.addAll(List.of(
        "-g", Integer.toString(gopFrames),
        "-keyint_min", Integer.toString(gopFrames),
        "-sc_threshold", "0",
        "-flags", "+cgop",
        "-force_key_frames", keyframes(rung)));
    return args;
  }

  /**
   * IDR frames every GOP from 0; with a first segment shorter than the GOP, IDR frames where the HLS muxer cuts the
   * first segments (see {@link #segmenter}) and every GOP after them: at 0, first, 2 x first, then first + k x GOP.
   * Video then cuts exactly where audio does, so both tracks have the same segment boundaries.
   */
  static String keyframes(RungSpec rung) {
    String gop = num(rung.getGopSeconds());
    double first = firstSegmentSeconds(rung);
    if (first >= rung.getGopSeconds()) {
      return "expr:gte(t,n_forced*" + gop + ")";
    }
    String f = num(first);
    return "expr:gte(t,if(eq(n_forced,0),0,if(eq(n_forced,1)," + f + ",if(eq(n_forced,2),2*" + f + ","
        + f + "+(n_forced-2)*" + gop + "))))";
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
    args.addAll(List.of(
        "-hls_segment_type", "fmp4",
        "-hls_flags", "independent_segments",
        "-hls_fmp4_init_filename", INIT_SEGMENT,
        "-start_number", "1",
        "-hls_segment_filename", outputDir.resolve(SEGMENT_PATTERN).toString(),
        outputDir.resolve("ffmpeg.m3u8").toString()));
    return args;
  }
}
