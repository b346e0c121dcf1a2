package io.vwmedia.worker.ffmpeg;

import io.vwmedia.events.RungKind;
import io.vwmedia.events.RungSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds the FFmpeg command for one rung. Everything that makes rungs line up lives here, whatever the encoder:
 * an IDR every GOP forced on the same timestamps, no scene-cut keyframes, closed GOPs, constant frame rate, and
 * FFmpeg's HLS muxer cutting CMAF fMP4 segments ({@code init.mp4}, {@code seg_00001.m4s}, ...) on those
 * keyframes. Segment boundaries are then the same in every rung, so HLS and DASH can share the files.
 */
public final class FfmpegCommandBuilder {

  public static final String INIT_SEGMENT = "init.mp4";
  public static final String SEGMENT_PATTERN = "seg_%05d.m4s";

  private final String ffmpeg;

  public FfmpegCommandBuilder(String ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  public List<String> build(String input, RungSpec rung, Encoder encoder, Path outputDir) {
    List<String> cmd = new ArrayList<>(List.of(
        ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-nostats", "-progress", "pipe:1"));
    if (rung.getKind() == RungKind.VIDEO) {
      cmd.addAll(encoder.inputArgs());
    }
    cmd.addAll(List.of("-i", input));
    if (rung.getKind() == RungKind.VIDEO) {
      cmd.addAll(video(rung, encoder));
    } else {
      cmd.addAll(audio(rung));
    }
    cmd.addAll(segmenter(rung, outputDir));
    return cmd;
  }

  private static List<String> video(RungSpec rung, Encoder encoder) {
    double fps = rung.getFrameRate();
    int gopFrames = Math.max(1, (int) Math.round(fps * rung.getGopSeconds()));
    List<String> args = new ArrayList<>(List.of(
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", encoder.scaleFilter(rung),
        "-fps_mode", "cfr", "-r", num(fps)));
    args.addAll(encoder.codecArgs(rung));
    args.addAll(List.of(
        "-g", Integer.toString(gopFrames),
        "-keyint_min", Integer.toString(gopFrames),
        "-sc_threshold", "0",
        "-flags", "+cgop",
        "-force_key_frames", "expr:gte(t,n_forced*" + num(rung.getGopSeconds()) + ")"));
    return args;
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
    return List.of(
        "-f", "hls",
        "-hls_time", num(rung.getSegmentSeconds()),
        "-hls_playlist_type", "vod",
        "-hls_segment_type", "fmp4",
        "-hls_flags", "independent_segments",
        "-hls_fmp4_init_filename", INIT_SEGMENT,
        "-start_number", "1",
        "-hls_segment_filename", outputDir.resolve(SEGMENT_PATTERN).toString(),
        outputDir.resolve("ffmpeg.m3u8").toString());
  }

  static String num(double value) {
    if (value == Math.rint(value)) {
      return Long.toString((long) value);
    }
    return String.format(Locale.ROOT, "%.6f", value).replaceAll("0+$", "");
  }
}
