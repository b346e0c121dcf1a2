package io.vwmedia.ffmpeg.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one process runner: what a run leaves (exit code, stdout, stderr's last lines), and the kill policy, pinned on a
 * shell that starts a child of its own the way FFmpeg's wrappers and helpers do: past the deadline, or when the caller
 * is interrupted, the child dies with its parent.
 */
class FfmpegProcessTest {

  @TempDir Path dir;

  /** A shell that starts a long child, writes the child's pid, then waits for it. */
  private List<String> parentWithChild(Path pidFile) {
    return List.of("sh", "-c", "sleep 300 & echo $! > '" + pidFile + "'; wait");
  }

  @Test
  void killsTheWholeProcessTreePastItsDeadline() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    long started = System.nanoTime();

    FfmpegProcess.Result result = FfmpegProcess.of(parentWithChild(pidFile)).timeout(Duration.ofSeconds(1)).run();

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertGone(pidFile);
  }

  @Test
  void killsTheWholeProcessTreeWhenTheCallerIsInterrupted() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      Future<FfmpegProcess.Result> run = caller.submit(() -> FfmpegProcess.of(parentWithChild(pidFile))
          .timeout(Duration.ofMinutes(5)).run());
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank()) {
        assertThat(System.nanoTime()).as("the shell starts its child").isLessThan(deadline);
        Thread.sleep(20);
      }
      run.cancel(true);
    } finally {
      caller.shutdownNow();
    }
    assertGone(pidFile);
  }

  @Test
  void keepsStdoutAndTheLastLinesOfStderrAndHandsEachStderrLineOn() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();

    FfmpegProcess.Result result = FfmpegProcess.of(List.of("sh", "-c",
            "echo '{\"format\":{}}'; for i in 1 2 3 4 5; do echo \"line $i\" >&2; done; exit 3"))
        .captureStdout().onStderrLine(seen::add).run();

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(new String(result.stdout(), StandardCharsets.UTF_8).strip()).isEqualTo("{\"format\":{}}");
    assertThat(result.stderrTail(2)).isEqualTo("line 4\nline 5");
    assertThat(seen).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
  }

  @Test
  void handsEachStdoutLineToItsListenerAsItComes() throws Exception {
    List<String> progress = new CopyOnWriteArrayList<>();

    FfmpegProcess.of(List.of("sh", "-c", "echo out_time_us=1000000; echo progress=end")).onStdoutLine(progress::add).run();

    assertThat(progress).containsExactly("out_time_us=1000000", "progress=end");
  }

  @Test
  void saysWhichBinaryCouldNotBeStarted() {
    assertThatThrownBy(() -> FfmpegProcess.of(List.of("/nowhere/ffprobe", "-version")).run())
        .isInstanceOf(IOException.class).hasMessageStartingWith("cannot run /nowhere/ffprobe");
  }

  /** The child was killed: gone once reaped (a killed process stays listed until its new parent reaps it). */
  private static void assertGone(Path pidFile) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (childOf(pidFile).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(childOf(pidFile)).as("the child the shell started").isEmpty();
  }

  private static Optional<ProcessHandle> childOf(Path pidFile) throws IOException {
    long pid = Long.parseLong(Files.readString(pidFile).strip());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }
}
