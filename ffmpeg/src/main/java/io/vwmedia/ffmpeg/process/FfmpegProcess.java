package io.vwmedia.ffmpeg.process;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way vw-media starts FFmpeg or ffprobe: stdin closed, stderr read line by line (handed to a listener and
 * kept, its last lines bounded), stdout captured, read line by line or discarded, and the process <em>and every
 * process it started</em> killed past a deadline or when the calling thread is interrupted. Nothing else in
 * vw-media calls {@link ProcessBuilder}.
 */
public final class FfmpegProcess {

  /** How much of stderr is kept for the caller: summaries and errors are in the last lines. */
  private static final int STDERR_CHARS_KEPT = 256 * 1024;

  private final List<String> command;
  private Duration timeout = Duration.ofMinutes(5);
  private Consumer<String> stdoutLines;
  private boolean captureStdout;
  private Consumer<String> stderrLines = line -> {};

  private FfmpegProcess(List<String> command) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    this.command = List.copyOf(command);
  }

  public static FfmpegProcess of(List<String> command) {
    return new FfmpegProcess(command);
  }

  /** Killed, with its children, when it runs longer than this. */
  public FfmpegProcess timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout);
    return this;
  }

  /** Keep stdout whole in {@link Result#stdout()} (ffprobe's JSON). */
  public FfmpegProcess captureStdout() {
    this.captureStdout = true;
    return this;
  }

  /** Hand each stdout line to this listener as it comes (FFmpeg's {@code -progress pipe:1}). */
  public FfmpegProcess onStdoutLine(Consumer<String> listener) {
    this.stdoutLines = listener;
    return this;
  }

  /** Hand each stderr line to this listener as it comes, besides keeping the last ones. */
  public FfmpegProcess onStderrLine(Consumer<String> listener) {
    this.stderrLines = listener;
    return this;
  }

  /**
   * What a finished (or stopped) process left.
   *
   * @param exitCode the exit code; meaningless when {@code timedOut}
   * @param timedOut the deadline passed and the process tree was killed
   * @param stdout stdout when {@link #captureStdout()} was asked, else empty
   * @param stderr the last {@value #STDERR_CHARS_KEPT} characters of stderr, whole lines
   */
  public record Result(int exitCode, boolean timedOut, byte[] stdout, String stderr) {
    public boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** The last {@code n} non-blank lines of stderr, for an error message. */
    public String stderrTail(int n) {
      String[] lines = stderr.strip().split("\n");
      int from = Math.max(0, lines.length - n);
      return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length)).strip();
    }
  }

  /**
   * Runs the command to its end, its deadline or the caller's interrupt.
   *
   * @throws IOException the binary could not be started (not installed, not executable)
   * @throws InterruptedException the calling thread was interrupted; the process tree has been killed
   */
  public Result run() throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    if (stdoutLines == null && !captureStdout) {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    process.getOutputStream().close();
    StderrKeeper stderr = new StderrKeeper(stderrLines);
    Thread stderrReader = daemon(command.get(0) + "-stderr", () -> stderr.read(process.getErrorStream()));
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Thread stdoutReader = null;
    if (stdoutLines != null) {
      stdoutReader = daemon(command.get(0) + "-stdout", () -> readLines(process.getInputStream(), stdoutLines));
    } else if (captureStdout) {
      stdoutReader = daemon(command.get(0) + "-stdout", () -> copy(process.getInputStream(), stdout));
    }
    boolean finished;
    try {
      finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      throw e;
    }
    if (!finished) {
      killTree(process);
    }
    stderrReader.join(2_000);
    if (stdoutReader != null) {
      stdoutReader.join(2_000);
    }
    return new Result(finished ? process.exitValue() : -1, !finished, stdout.toByteArray(), stderr.text());
  }

  /** Kills the process and every descendant it started (FFmpeg's own helpers, a wrapper script's child). */
  static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void readLines(InputStream in, Consumer<String> listener) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        listener.accept(line);
      }
    } catch (IOException ignored) {
      // the process is gone; what was read is what there is
    }
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException ignored) {
      // the process is gone
    }
  }

  /** Reads stderr to its end, passing each line on and keeping the last ones within a bound. */
  private static final class StderrKeeper {
    private final Consumer<String> listener;
    private final Deque<String> kept = new ArrayDeque<>();
    private int chars;

    StderrKeeper(Consumer<String> listener) {
      this.listener = listener;
    }

    void read(InputStream in) {
      readLines(in, line -> {
        listener.accept(line);
        String cut = line.length() > 2_000 ? line.substring(0, 2_000) : line;
        synchronized (kept) {
          kept.addLast(cut);
          chars += cut.length() + 1;
          while (chars > STDERR_CHARS_KEPT && kept.size() > 1) {
            chars -= kept.removeFirst().length() + 1;
          }
        }
      });
    }

    String text() {
      synchronized (kept) {
        return String.join("\n", kept);
      }
    }
  }
}
