package io.vwmedia.ffmpeg.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.ffmpeg.process.FfmpegProcess;
import io.vwmedia.ffmpeg.source.FfmpegInput;
import io.vwmedia.ffmpeg.source.SourcePolicy;
import io.vwmedia.ffmpeg.source.SourceRefusedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks ffprobe what a source is, before any rung is planned, and turns its answer into {@link SourceInfo}. */
public final class SourceProber {

  /** ffprobe's words when the container is not one a source may be: {@code [hls @ 0x..] Format not on whitelist}. */
  private static final Pattern DURATION_TAG = Pattern.compile("(\\d+):(\\d+):(\\d+(?:\\.\\d+)?)");
  private static final Pattern NOT_ALLOWED = Pattern.compile("\\[(\\w+) @ \\w+] Format not on whitelist");

  private final String ffprobe;
  private final Duration timeout;
  private final SourcePolicy policy;
  private final ObjectMapper json = new ObjectMapper();

  public SourceProber(String ffprobe, Duration timeout, SourcePolicy policy) {
    this.ffprobe = ffprobe;
    this.timeout = timeout;
    this.policy = policy;
  }

  /** The source as FFmpeg may open it, or why it may not be opened at all. */
  public FfmpegInput admit(String sourceUri) throws SourceRejectedException {
    try {
      return policy.check(sourceUri);
    } catch (SourceRefusedException e) {
      throw new SourceRejectedException(e.getMessage());
    }
  }

  public SourceInfo probe(String sourceUri) throws SourceRejectedException, InterruptedException {
    return probe(admit(sourceUri));
  }

  public SourceInfo probe(FfmpegInput input) throws SourceRejectedException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams"));
    command.addAll(input.options());
    command.add(input.url());
    FfmpegProcess.Result result;
    try {
      result = FfmpegProcess.of(command).captureStdout().timeout(timeout).run();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    if (result.timedOut()) {
      throw new SourceRejectedException("probing the source took longer than " + timeout.toSeconds() + " s");
    }
    String errors = result.stderr().strip();
    if (result.exitCode() != 0) {
      Matcher container = NOT_ALLOWED.matcher(errors);
      if (container.find()) {
        throw new SourceRejectedException("the source is a '" + container.group(1) + "' file, which is not accepted: a source"
            + " must be a video file (MP4/MOV, Matroska/WebM, AVI, MPEG-TS, ...), not a playlist or a list of other files");
      }
      String last = result.stderrTail(1);
      String hint = errors.contains("moov atom not found")
          ? " (moov atom not found: the file is truncated, or is not a video at all)" : "";
      throw new SourceRejectedException("the source is not a video FFmpeg can read" + (errors.isEmpty() ? "" : ": "
          + stripInput(last, input.url())) + hint);
    }
    SourceInfo info;
    try {
      info = parse(json.readTree(result.stdout()));
    } catch (IOException e) {
      throw new SourceRejectedException("ffprobe gave an unreadable answer: " + e.getMessage());
    }
    try {
      policy.checkMedia(info.durationSeconds(), info.width(), info.height());
    } catch (SourceRefusedException e) {
      throw new SourceRejectedException(e.getMessage());
    }
    return info;
  }

  static SourceInfo parse(JsonNode root) throws SourceRejectedException {
    JsonNode video = null;
    boolean audio = false;
    for (JsonNode stream : root.path("streams")) {
      String type = stream.path("codec_type").asText();
      boolean attachedPicture = stream.path("disposition").path("attached_pic").asInt() == 1;
      if (type.equals("video") && video == null && !attachedPicture) {
        video = stream;
      } else if (type.equals("audio")) {
        audio = true;
      }
    }
    if (video == null) {
      throw new SourceRejectedException(audio ? "the source has audio but no video stream" : "the source has no video stream");
    }
    int width = video.path("width").asInt();
    int height = video.path("height").asInt();
    if (width <= 0 || height <= 0) {
      throw new SourceRejectedException("the video stream has no picture size");
    }
    double sar = ratio(video.path("sample_aspect_ratio").asText("1:1"), ":");
    if (sar > 0 && Math.abs(sar - 1) > 1e-3) {
      width = (int) Math.round(width * sar);
    }
    if (Math.abs(rotation(video)) % 180 == 90) {
      int w = width;
      width = height;
      height = w;
    }
    double fps = ratio(video.path("avg_frame_rate").asText(), "/");
    if (fps <= 0 || fps > 1000) {
      fps = ratio(video.path("r_frame_rate").asText(), "/");
    }
    if (fps <= 0 || fps > 1000) {
      fps = 30;
    }
    double duration = root.path("format").path("duration").asDouble(0);
    if (duration <= 0) {
      duration = video.path("duration").asDouble(0);
    }
    if (duration <= 0) {
      throw new SourceRejectedException("the source has no duration (empty or truncated file?)");
    }
    String fieldOrder = video.path("field_order").asText("progressive");
    boolean interlaced = Set.of("tt", "bb", "tb", "bt").contains(fieldOrder);
    String transfer = video.path("color_transfer").asText(null);
    if (transfer != null && (transfer.isBlank() || transfer.equals("unknown"))) {
      transfer = null;
    }
    String pixFmt = video.path("pix_fmt").asText("");
    boolean fullRange = video.path("color_range").asText("").equals("pc") || pixFmt.startsWith("yuvj");
    String matrix = switch (video.path("color_space").asText("")) {
      case "bt709" -> "bt709";
      case "bt470bg", "smpte170m", "bt601" -> "bt601";
      case "bt2020nc", "bt2020c" -> "bt2020";
      default -> Math.min(video.path("width").asInt(), video.path("height").asInt()) < 720 ? "bt601" : "bt709";
    };
    return new SourceInfo(width, height, fps, duration, audio, video.path("codec_name").asText(), interlaced, transfer,
        matrix, fullRange, streamDuration(video));
  }

  /**
   * The video stream's own duration: MP4 and MPEG-TS give it as the stream's {@code duration}, Matroska and WebM as
   * its {@code DURATION} tag ({@code 00:00:30.003000000}); 0 when neither is there.
   */
  static double streamDuration(JsonNode video) {
    double seconds = video.path("duration").asDouble(0);
    if (seconds > 0) {
      return seconds;
    }
    String tag = video.path("tags").path("DURATION").asText("");
    Matcher m = DURATION_TAG.matcher(tag);
    return m.matches()
        ? Integer.parseInt(m.group(1)) * 3600 + Integer.parseInt(m.group(2)) * 60 + Double.parseDouble(m.group(3))
        : 0;
  }

  private static int rotation(JsonNode video) {
    for (JsonNode side : video.path("side_data_list")) {
      if (side.has("rotation")) {
        return side.path("rotation").asInt();
      }
    }
    return video.path("tags").path("rotate").asInt(0);
  }

  private static double ratio(String text, String separator) {
    String[] parts = text.split(separator);
    try {
      if (parts.length == 2) {
        double d = Double.parseDouble(parts[1]);
        return d == 0 ? 0 : Double.parseDouble(parts[0]) / d;
      }
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** ffprobe prefixes its last error with the input it was given: say it once, not twice. */
  private static String stripInput(String line, String url) {
    return line.startsWith(url + ": ") ? line.substring(url.length() + 2) : line;
  }
}
