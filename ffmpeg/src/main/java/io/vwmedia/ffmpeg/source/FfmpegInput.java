package io.vwmedia.ffmpeg.source;

import java.util.ArrayList;
import java.util.List;

/**
 * A source as FFmpeg and ffprobe are to open it: the input options that bound what they may read (protocols,
 * containers), then the URL. Made by {@link SourcePolicy#check}.
 */
public record FfmpegInput(List<String> options, String url) {

  public FfmpegInput {
    options = List.copyOf(options);
  }

  /** The options, {@code -i} and the URL, to put on a command line where the input goes. */
  public List<String> args() {
    List<String> args = new ArrayList<>(options);
    args.add("-i");
    args.add(url);
    return args;
  }

  @Override
  public String toString() {
    return url;
  }
}
