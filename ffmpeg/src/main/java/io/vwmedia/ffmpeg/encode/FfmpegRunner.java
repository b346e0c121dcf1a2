package io.vwmedia.ffmpeg.encode;

import io.vwmedia.ffmpeg.process.FfmpegProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;


/**
 * Runs one FFmpeg encode to completion on {@link FfmpegProcess}: reports {@code -progress} as a fraction of the
 * source duration, keeps the tail of stderr for the error message, and says whether a failure may pass on a retry.
 */
public final class FfmpegRunner {

  private static final int STDERR_LINES_KEPT = 12;

  /** The CPU priority FFmpeg runs at: 0 is the worker's own, higher yields the cores to encodes at a lower one. */
  private final int niceness;

  /** Encodes at the worker's own CPU priority. */
  public FfmpegRunner() {
    this(0);
  }

  private FfmpegRunner(int niceness) {
    if (niceness < 0 || niceness > 19) {
      throw new IllegalArgumentException("niceness runs from 0 to 19, not " + niceness);
    }
    this.niceness = niceness;
  }

  /**
   * A runner whose encodes yield the CPU to this one's: FFmpeg started under {@code nice -n niceness} (Linux gives a
   * thread at niceness 10 about a tenth of a contended core against one at 0), so they take what the others leave
   * idle and slow them very little.
   */
  public FfmpegRunner niced(int niceness) {
    return new FfmpegRunner(niceness);
  }

  public void run(List<String> command, double sourceSeconds, Duration timeout, DoubleConsumer progress)
      throws EncodeFailedException, InterruptedException {
    AtomicBoolean truncated = new AtomicBoolean();
    FfmpegProcess.Result result;
    try {
      result = FfmpegProcess.of(withPriority(command))
          .timeout(timeout)
          .onStdoutLine(line -> progressLine(line, sourceSeconds, progress))
          .onStderrLine(line -> {
            if (line.endsWith(": partial file")) {
              truncated.set(true);
            }
          })
          .run();
    } catch (IOException e) {
      throw new EncodeFailedException(e.getMessage(), EncodeFailedException.Kind.TRANSIENT, e);
    }
    if (result.timedOut()) {
      throw new EncodeFailedException("FFmpeg did not finish within " + timeout.toSeconds() + " s and was stopped",
          EncodeFailedException.Kind.TIMEOUT);
    }
    String detail = result.stderrTail(STDERR_LINES_KEPT);
    if (result.exitCode() != 0) {
      throw new EncodeFailedException("FFmpeg exited with code " + result.exitCode() + (detail.isEmpty() ? "" : ": " + detail),
          kind(result.exitCode(), detail));
    }
    if (truncated.get()) {
      // FFmpeg encodes what there is of a cut-off file and exits 0; the rung would silently end early
      throw new EncodeFailedException("the source file is truncated: its index points past its end (FFmpeg: partial file)",
          EncodeFailedException.Kind.INVALID_SOURCE);
    }
    progress.accept(1.0);
  }

  /** The command as run: behind {@code nice} (coreutils, which execs it: the process is FFmpeg's) when niced. */
  List<String> withPriority(List<String> command) {
    if (niceness == 0) {
      return command;
    }
    List<String> niced = new java.util.ArrayList<>(List.of("nice", "-n", Integer.toString(niceness)));
    niced.addAll(command);
    return niced;
  }

  /**
   * Whether running the same command again could succeed: the process was killed from outside (SIGKILL from the
   * OOM killer, SIGTERM or SIGINT from a node shutting down) or hit an I/O, network or resource error. Anything
   * else will fail the same way again: invalid data, an encoder refusing its settings, a crash (SIGSEGV, SIGABRT)
   * on this input.
   */
  static boolean retryable(int exitCode, String stderr) {
    if (exitCode == 128 + 9 || exitCode == 128 + 15 || exitCode == 128 + 2) {
      return true;
    }
    return TRANSIENT.matcher(stderr).find();
  }

  /** The kind of a failed exit: transient (see {@link #retryable}), the source's data, or else the encoder. */
  static EncodeFailedException.Kind kind(int exitCode, String stderr) {
    if (retryable(exitCode, stderr)) {
      return EncodeFailedException.Kind.TRANSIENT;
    }
    return INVALID_DATA.matcher(stderr).find() ? EncodeFailedException.Kind.INVALID_SOURCE
        : EncodeFailedException.Kind.ENCODER;
  }

  private static final Pattern INVALID_DATA = Pattern.compile(
      "Invalid data found when processing input|moov atom not found|could not find codec parameters"
          + "|Invalid NAL unit|error while decoding|corrupt|does not contain any stream", Pattern.CASE_INSENSITIVE);

  private static final Pattern TRANSIENT = Pattern.compile(
      "Connection (refused|reset|timed out)|timed out|Server returned 5\\d\\d|I/O error|No space left on device"
          + "|Resource temporarily unavailable|Cannot allocate memory|Network is unreachable|Broken pipe|received signal (2|9|15)\\b");

  private static void progressLine(String line, double sourceSeconds, DoubleConsumer progress) {
    if (line.startsWith("out_time_us=") && sourceSeconds > 0) {
      try {
        long us = Long.parseLong(line.substring("out_time_us=".length()).trim());
        progress.accept(Math.max(0, Math.min(1, us / 1e6 / sourceSeconds)));
      } catch (NumberFormatException ignored) {
        // "N/A" before the first frame
      }
    }
  }
}
