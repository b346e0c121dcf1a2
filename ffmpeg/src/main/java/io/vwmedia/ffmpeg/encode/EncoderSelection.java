package io.vwmedia.ffmpeg.encode;

import io.vwmedia.ffmpeg.process.FfmpegProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which encoder a worker uses for each codec, decided once at start-up: NVENC when FFmpeg lists {@code h264_nvenc}
 * and a CUDA device answers a trial encode, the CPU encoders (x264, x265) otherwise; with NVENC, the CPU encoder of
 * the same codec stays as the fallback for a task whose GPU encode fails.
 *
 * @param primary the encoder tasks of each codec run on first
 * @param fallback the CPU encoder a failed GPU encode of each codec is retried on
 * @param report one line for the start-up log: what was found and chosen, and why
 */
public record EncoderSelection(Map<String, Encoder> primary, Map<String, Encoder> fallback, String report) {

  private static final Logger log = LoggerFactory.getLogger(EncoderSelection.class);

  /** The encoders FFmpeg says it has, and whether a trial encode on the GPU works. */
  public interface Probe {
    boolean listsEncoder(String name);

    boolean trialEncodeWorks(String encoder);
  }

  /** CPU encoders only. */
  public static EncoderSelection cpu(Encoder... encoders) {
    Map<String, Encoder> byCodec = new java.util.HashMap<>();
    for (Encoder e : encoders) {
      byCodec.put(e.codec(), e);
    }
    return new EncoderSelection(Map.copyOf(byCodec), Map.of(), "CPU: " + byCodec.values().stream().map(Encoder::name).sorted().toList());
  }

  /** GPU encoders first, each codec falling back to its CPU encoder. */
  public static EncoderSelection gpuWithFallback(List<Encoder> gpu, List<Encoder> cpu, String report) {
    Map<String, Encoder> primary = new java.util.HashMap<>();
    Map<String, Encoder> fallback = new java.util.HashMap<>();
    cpu.forEach(e -> primary.put(e.codec(), e));
    for (Encoder g : gpu) {
      Encoder onCpu = primary.put(g.codec(), g);
      if (onCpu != null) {
        fallback.put(g.codec(), onCpu);
      }
    }
    return new EncoderSelection(Map.copyOf(primary), Map.copyOf(fallback), report);
  }

  /** The encoder for a codec; an {@link IllegalArgumentException} names the codec when there is none. */
  public Encoder primary(String codec) {
    Encoder e = primary.get(codec);
    if (e == null) {
      throw new IllegalArgumentException("no encoder for codec '" + codec + "' (have " + primary.keySet() + ")");
    }
    return e;
  }

  public Optional<Encoder> fallback(String codec) {
    return Optional.ofNullable(fallback.get(codec));
  }

  /**
   * @param mode {@code auto} (NVENC if it works, else CPU), {@code nvenc} (NVENC even if the trial fails, CPU as
   *     fallback) or {@code x264} (CPU only: x264, and x265 for HEVC rungs)
   */
  public static EncoderSelection choose(String mode, Probe probe, List<Encoder> cpu, List<Encoder> gpu) {
    EncoderSelection selection = switch (mode) {
      case "x264" -> withReport(cpu(cpu.toArray(Encoder[]::new)), "CPU encoders (vw.worker.encoder=x264)");
      case "nvenc" -> gpuWithFallback(gpu, cpu, "NVENC as configured, CPU encoders as fallback");
      default -> {
        if (!probe.listsEncoder("h264_nvenc")) {
          yield withReport(cpu(cpu.toArray(Encoder[]::new)), "CPU encoders: this FFmpeg has no h264_nvenc");
        }
        if (!probe.trialEncodeWorks("h264_nvenc")) {
          yield withReport(cpu(cpu.toArray(Encoder[]::new)), "CPU encoders: FFmpeg has h264_nvenc but no CUDA device answered");
        }
        List<Encoder> available = gpu.stream().filter(g -> probe.listsEncoder(g.name())).toList();
        yield gpuWithFallback(available, cpu, "NVENC: a CUDA device answered; CPU encoders as fallback");
      }
    };
    log.info("video encoders: {} {}", selection.report(), selection.primary().values().stream().map(Encoder::name).sorted().toList());
    return selection;
  }

  private static EncoderSelection withReport(EncoderSelection s, String report) {
    return new EncoderSelection(s.primary(), s.fallback(), report);
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
          FfmpegProcess.Result r = FfmpegProcess.of(cmd).captureStdout().timeout(Duration.ofSeconds(30)).run();
          return r.succeeded() ? new String(r.stdout(), StandardCharsets.UTF_8) : null;
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
