package io.vwmedia.worker.ffmpeg;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which video encoder a worker uses, decided once at start-up: NVENC when FFmpeg lists {@code h264_nvenc} and a
 * CUDA device answers a trial encode, x264 otherwise; with NVENC, x264 stays as the fallback for a task whose GPU
 * encode fails.
 *
 * @param primary the encoder tasks run on first
 * @param fallback the CPU encoder a failed GPU encode is retried on, if the primary is a GPU encoder
 * @param report one line for the start-up log: what was found and chosen, and why
 */
public record EncoderSelection(Encoder primary, Optional<Encoder> fallback, String report) {

  private static final Logger log = LoggerFactory.getLogger(EncoderSelection.class);

  /** The encoders FFmpeg says it has, and whether a trial encode on the GPU works. */
  public interface Probe {
    boolean listsEncoder(String name);

    boolean trialEncodeWorks(String encoder);
  }

  /**
   * @param mode {@code auto} (NVENC if it works, else x264), {@code nvenc} (NVENC even if the trial fails, x264
   *     as fallback) or {@code x264}
   */
  public static EncoderSelection choose(String mode, Probe probe, X264Encoder x264, NvencEncoder nvenc) {
    EncoderSelection selection = switch (mode) {
      case "x264" -> new EncoderSelection(x264, Optional.empty(), "x264 (vw.worker.encoder=x264)");
      case "nvenc" -> new EncoderSelection(nvenc, Optional.of(x264), "h264_nvenc as configured, x264 as fallback");
      default -> {
        if (!probe.listsEncoder("h264_nvenc")) {
          yield new EncoderSelection(x264, Optional.empty(), "x264: this FFmpeg has no h264_nvenc");
        }
        if (!probe.trialEncodeWorks("h264_nvenc")) {
          yield new EncoderSelection(x264, Optional.empty(), "x264: FFmpeg has h264_nvenc but no CUDA device answered");
        }
        yield new EncoderSelection(nvenc, Optional.of(x264), "h264_nvenc: a CUDA device answered; x264 as fallback");
      }
    };
    log.info("video encoder: {}", selection.report());
    return selection;
  }

  /** Asks the real FFmpeg binary. */
  public static Probe ffmpegProbe(String ffmpeg) {
    return new Probe() {
      @Override
      public boolean listsEncoder(String name) {
        String encoders = run(List.of(ffmpeg, "-hide_banner", "-encoders"));
        return encoders != null && encoders.contains(" " + name + " ");
      }

      @Override
      public boolean trialEncodeWorks(String encoder) {
        return run(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi",
            "-i", "color=black:s=256x256:d=0.2", "-c:v", encoder, "-f", "null", "-")) != null;
      }

      private String run(List<String> cmd) {
        try {
          Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
          p.getOutputStream().close();
          String out = new String(p.getInputStream().readAllBytes());
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return null;
          }
          return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
          return null;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    };
  }
}
