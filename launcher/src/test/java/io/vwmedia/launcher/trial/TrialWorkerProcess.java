package io.vwmedia.launcher.trial;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link TrialWorker} in a JVM of its own, on this JVM's class path; its {@code TRIAL} lines go to a shared queue
 * as {@link Event}s. {@link #kill()} is SIGKILL: no close, no commit, no acknowledgement leaves the process (but the
 * kernel closes its connections); {@link #freeze()} is SIGSTOP: nothing leaves it and its connections stay open.
 */
final class TrialWorkerProcess implements AutoCloseable {

  /** One line a worker reported: what ({@code JOINED}, {@code START}, ...), which task, when, which delivery. */
  record Event(String worker, String kind, int task, long atMs, int deliveryCount) {}

  private final String name;
  private final Process process;

  private TrialWorkerProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  static TrialWorkerProcess start(String mode, String bootstrap, String topic, String group, String name, int sessionMs,
      Path log, BlockingQueue<Event> events) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "-cp", System.getProperty("java.class.path"),
        TrialWorker.class.getName(), mode, bootstrap, topic, group, name, Integer.toString(sessionMs)));
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    TrialWorkerProcess worker = new TrialWorkerProcess(name, process);
    Thread reader = new Thread(() -> worker.read(events), name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return worker;
  }

  private void read(BlockingQueue<Event> events) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("TRIAL ")) {
          continue;
        }
        String[] f = line.substring(6).split(" ");
        Event event = switch (f[0]) {
          case "JOINED" -> new Event(name, f[0], -1, Long.parseLong(f[1]), 0);
          case "START" -> new Event(name, f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]));
          default -> new Event(name, f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), 0);
        };
        events.add(event);
      }
    } catch (IOException e) {
      // the process is gone (killed or stopped): nothing more to read
    }
  }

  String name() {
    return name;
  }

  /** SIGKILL, as the OOM killer or a lost node would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * SIGSTOP: the process stops answering but its connections stay open (a hung node, a long GC pause, a partitioned
   * host), so the broker learns nothing until timeouts run out. {@link #close()} kills it afterwards.
   */
  void freeze() throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes events from {@code events} until one matches, up to {@code timeoutMs}; null if none did. */
  static Event await(BlockingQueue<Event> events, Predicate<Event> match, long timeoutMs, List<Event> seen)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return null;
      }
      Event event = events.poll(left, TimeUnit.MILLISECONDS);
      if (event == null) {
        return null;
      }
      seen.add(event);
      if (match.test(event)) {
        return event;
      }
    }
  }
}
