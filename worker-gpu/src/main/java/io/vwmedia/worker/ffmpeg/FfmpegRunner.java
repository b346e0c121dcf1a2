package io.vwmedia.worker.ffmpeg;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleConsumer;
import java.util.regex.Pattern;

/**
 * Runs one FFmpeg process to completion: reports {@code -progress} as a fraction of the source duration, keeps
 * the tail of stderr for the error message, and kills the process (and its children) past a deadline.
 */
public final class FfmpegRunner {

  private static final int STDERR_LINES_KEPT = 12;

  public void run(List<String> command, double sourceSeconds, Duration timeout, DoubleConsumer progress)
      throws EncodeFailedException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).start();
      process.getOutputStream().close();
    } catch (IOException e) {
      throw new EncodeFailedException("cannot start " + command.get(0) + ": " + e.getMessage(), true, e);
    }
    Deque<String> stderrTail = new ArrayDeque<>();
    AtomicBoolean truncated = new AtomicBoolean();
    Thread stderrReader = daemon("ffmpeg-stderr", () -> keepTail(process.getErrorStream(), stderrTail, truncated));
    Thread progressReader = daemon("ffmpeg-progress", () -> readProgress(process.getInputStream(), sourceSeconds, progress));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new EncodeFailedException("FFmpeg did not finish within " + timeout.toSeconds() + " s and was stopped", true);
      }
      stderrReader.join(2_000);
      progressReader.join(2_000);
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    }
    String detail;
    synchronized (stderrTail) {
      detail = String.join("\n", stderrTail).strip();
    }
    if (process.exitValue() != 0) {
      throw new EncodeFailedException("FFmpeg exited with code " + process.exitValue() + (detail.isEmpty() ? "" : ": " + detail),
          retryable(process.exitValue(), detail));
    }
    if (truncated.get()) {
      // FFmpeg encodes what there is of a cut-off file and exits 0; the rung would silently end early
      throw new EncodeFailedException("the source file is truncated: its index points past its end (FFmpeg: partial file)", false);
    }
    progress.accept(1.0);
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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

  private static final Pattern TRANSIENT = Pattern.compile(
      "Connection (refused|reset|timed out)|timed out|Server returned 5\\d\\d|I/O error|No space left on device"
          + "|Resource temporarily unavailable|Cannot allocate memory|Network is unreachable|Broken pipe|received signal (2|9|15)\\b");

  private static void keepTail(InputStream stderr, Deque<String> tail, AtomicBoolean truncated) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.endsWith(": partial file")) {
          truncated.set(true);
        }
        synchronized (tail) {
          if (tail.size() == STDERR_LINES_KEPT) tail.removeFirst();
          tail.addLast(line.length() > 500 ? line.substring(0, 500) : line);
        }
      }
    } catch (IOException ignored) {
      // the process is gone; what we read is what we have
    }
  }

  private static void readProgress(InputStream stdout, double sourceSeconds, DoubleConsumer progress) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("out_time_us=") && sourceSeconds > 0) {
          try {
            long us = Long.parseLong(line.substring("out_time_us=".length()).trim());
            progress.accept(Math.max(0, Math.min(1, us / 1e6 / sourceSeconds)));
          } catch (NumberFormatException ignored) {
            // "N/A" before the first frame
          }
        }
      }
    } catch (IOException ignored) {
      // the process is gone
    }
  }
}
