package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * `vw-media worker` and `vw-media topology` each in a JVM of its own, against a test's broker (on a port picked once)
 * and its registry and storage under one data folder, as they run in production. Every process started is killed,
 * with its children, by {@link #close}.
 */
public final class VwMediaProcesses implements AutoCloseable {

  private final Path data;
  private final int port;
  private final List<Process> processes = new ArrayList<>();

  public VwMediaProcesses(Path data) throws IOException {
    this.data = data;
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
  }

  public int brokerPort() {
    return port;
  }

  /**
   * Starts {@code command} with these settings ({@code -s key=value}) and these environment variables on top of the
   * test's own (e.g. a {@code PATH} without FFmpeg); its output goes to a log file under the data folder.
   */
  public Process start(String command, Map<String, String> settings, Map<String, String> environment) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "io.vwmedia.launcher.VwMedia", command,
        "-b", "127.0.0.1:" + port, "--schema-registry", data.resolve("registry").toString(),
        "--storage", data.resolve("storage").toString(), "--data-dir", data.resolve(command).toString()));
    settings.forEach((key, value) -> cmd.addAll(List.of("-s", key + "=" + value)));
    if (!settings.containsKey("vw.metrics.port")) {
      cmd.addAll(List.of("-s", "vw.metrics.port=0")); // several processes here: each its own free ops port
    }
    if (command.equals("topology")) {
      cmd.addAll(List.of("--replication-factor", "1"));
    }
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(data.resolve(command + "-" + processes.size() + ".log").toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  /**
   * Starts the CLI with exactly these arguments and this environment on top of the test's own, as a container's
   * {@code args} and {@code env} start it (the image's entrypoint is {@code java -jar vw-media.jar}); {@code name}
   * names its log file under the data folder.
   */
  public Process startAs(String name, List<String> args, Map<String, String> environment) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        "io.vwmedia.launcher.VwMedia"));
    cmd.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(data.resolve(name + ".log").toFile());
    builder.environment().putAll(environment);
    Process p = builder.start();
    processes.add(p);
    return p;
  }

  /** SIGKILL, as the OOM killer or a lost node does it: no shutdown hook runs. Its FFmpeg goes with it. */
  public static void kill9(Process p) throws Exception {
    List<ProcessHandle> children = p.descendants().toList();
    assertThat(new ProcessBuilder("kill", "-9", Long.toString(p.pid())).start().waitFor()).isZero();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(137);
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /** Something a test waits for, which may throw while it is not true yet. */
  public interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} until it holds, failing with {@code what} after {@code timeout}. */
  public static void await(Check check, Duration timeout, String what) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    processes.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
  }
}
