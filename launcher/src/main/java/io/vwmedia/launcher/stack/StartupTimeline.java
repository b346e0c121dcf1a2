package io.vwmedia.launcher.stack;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each part of this process's start-up was ready, counted from the JVM's start (so its class loading and the
 * logging's set-up are in the first figure; the launcher before it is a few tens of milliseconds): the start-up half of {@code vw-media run
 * --trace}, and of {@code bench/overhead.sh}. One per process, since a process starts once.
 */
public final class StartupTimeline {

  private static final Logger log = LoggerFactory.getLogger(StartupTimeline.class);
  // the JVM's own start: the operating system's process start time is only as exact as its boot time (whole seconds)
  private static final StartupTimeline PROCESS = new StartupTimeline(
      Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));

  /** A phase that ended {@code atMs} after the process started. */
  public record Mark(String phase, long atMs) {}

  private final Instant processStart;
  private final List<Mark> marks = new ArrayList<>();

  StartupTimeline(Instant processStart) {
    this.processStart = processStart;
  }

  /** This process's timeline. */
  public static StartupTimeline process() {
    return PROCESS;
  }

  public Instant processStart() {
    return processStart;
  }

  /** Notes that {@code phase} is done now; the first mark of a phase counts, later ones are ignored. */
  public synchronized void mark(String phase) {
    if (marks.stream().anyMatch(m -> m.phase().equals(phase))) {
      return;
    }
    long at = Duration.between(processStart, Instant.now()).toMillis();
    marks.add(new Mark(phase, at));
    log.info("start-up: {} at {} ms", phase, at);
  }

  /** The marks so far, in the order they were made. */
  public synchronized List<Mark> marks() {
    return List.copyOf(marks);
  }
}
