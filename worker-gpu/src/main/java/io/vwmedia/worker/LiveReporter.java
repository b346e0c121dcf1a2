package io.vwmedia.worker;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While one FFmpeg run encodes, looks every {@link #EVERY} for segments its rungs have finished, stores them
 * ({@link LiveSegments}) and reports each rung that gained some. A failure to store is logged and tried again on the
 * next look: the finished encode stores every segment anyway. Closing it stops the looking and waits for a look in
 * progress, so nothing is stored after the encode's own store begins.
 */
final class LiveReporter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LiveReporter.class);

  /** How often the encode's folders are looked at: a fraction of the shortest segment (1 s). */
  static final Duration EVERY = Duration.ofMillis(250);

  private final ScheduledExecutorService looks;

  private LiveReporter(ScheduledExecutorService looks) {
    this.looks = looks;
  }

  /** Starts looking at {@code rungs}; with no rung (live publishing off), does nothing. */
  static LiveReporter start(List<LiveSegments> rungs, LiveReports reports, String workerId, Clock clock) {
    if (rungs.isEmpty()) {
      return new LiveReporter(null);
    }
    ScheduledExecutorService looks = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vw-media-live-" + workerId);
      t.setDaemon(true);
      return t;
    });
    looks.scheduleWithFixedDelay(() -> {
      for (LiveSegments rung : rungs) {
        try {
          rung.storeNew(workerId, clock.instant()).ifPresent(reports::report);
        } catch (IOException | RuntimeException e) {
          log.warn("live segments of {} not stored yet: {}", rung.prefix(), e.toString());
        }
      }
    }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return new LiveReporter(looks);
  }

  @Override
  public void close() throws InterruptedException {
    if (looks == null) {
      return;
    }
    looks.shutdown();
    if (!looks.awaitTermination(30, TimeUnit.SECONDS)) {
      looks.shutdownNow();
    }
  }
}
