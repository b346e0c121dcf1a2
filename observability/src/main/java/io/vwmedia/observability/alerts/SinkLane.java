package io.vwmedia.observability.alerts;

import io.vwmedia.observability.alerts.AlertMeters.DropCause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's own queue and daemon thread, so a slow or failing sink never delays another: takes queued alerts in
 * batches of the sink's size, spaces calls by its minimum interval, and retries what failed with backoff until the
 * policy's attempts are spent.
 */
final class SinkLane {

  private static final Logger log = LoggerFactory.getLogger(SinkLane.class);
  private static final long IDLE_POLL_MILLIS = 50;

  private final AlertSink sink;
  private final DeliveryPolicy policy;
  private final AlertMeters meters;
  private final Clock clock;
  private final Sleeper sleeper;
  private final BlockingQueue<Alert> queue;
  private final Thread thread;
  private volatile boolean closing;
  private Instant lastCallEnded;

  SinkLane(AlertSink sink, DeliveryPolicy policy, AlertMeters meters, Clock clock, Sleeper sleeper) {
    this.sink = sink;
    this.policy = policy;
    this.meters = meters;
    this.clock = clock;
    this.sleeper = sleeper;
    this.queue = new ArrayBlockingQueue<>(policy.queueCapacity());
    this.thread = new Thread(this::run, "vw-alerts-" + sink.name());
    thread.setDaemon(true);
    thread.start();
  }

  AlertSink sink() {
    return sink;
  }

  /** Queues {@code alert} without waiting; drops and counts it when the queue is full. */
  void offer(Alert alert) {
    if (closing || !queue.offer(alert)) {
      meters.dropped(sink, alert, closing ? DropCause.CLOSED : DropCause.QUEUE_FULL);
      log.debug("alert to {} dropped, queue full or closing: {}", sink.name(), alert);
    }
  }

  /** Stops taking alerts and lets the thread deliver what is queued, then end. */
  void closeWhenDrained() {
    closing = true;
  }

  /** Waits until the thread has ended, at most until {@code deadline}; then interrupts it. */
  void awaitDrained(Instant deadline) throws InterruptedException {
    long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
    thread.join(millis);
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }

  private void run() {
    List<Alert> batch = new ArrayList<>();
    try {
      while (true) {
        Alert first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closing) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, sink.maxBatch() - 1);
        deliverWithRetries(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      batch.addAll(queue);
      queue.clear();
      batch.forEach(alert -> meters.dropped(sink, alert, DropCause.CLOSED));
      if (!batch.isEmpty()) {
        log.warn("{} alert(s) to {} dropped: closed before they could be delivered", batch.size(), sink.name());
      }
    }
  }

  private void deliverWithRetries(List<Alert> batch) throws InterruptedException {
    List<Alert> pending = List.copyOf(batch);
    for (int attempt = 1; ; attempt++) {
      awaitTurn();
      Duration wait = policy.backoffAfter(attempt);
      String failure;
      try {
        List<Alert> refused = sink.deliver(pending);
        pending.stream().filter(alert -> !refused.contains(alert)).forEach(alert -> meters.sent(sink, alert));
        if (refused.isEmpty()) {
          return;
        }
        pending = List.copyOf(refused);
        failure = "not accepted";
      } catch (AlertSink.Rejected e) {
        drop(pending, DropCause.REJECTED, e.getMessage());
        return;
      } catch (AlertSink.Throttled e) {
        wait = e.retryAfter();
        failure = e.getMessage();
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failure = e.toString();
      } finally {
        lastCallEnded = clock.instant();
      }
      if (attempt >= policy.maxAttempts()) {
        drop(pending, DropCause.RETRIES_EXHAUSTED, "after " + attempt + " attempt(s), last: " + failure);
        return;
      }
      log.debug("alerts to {} failed (attempt {}), again in {}: {}", sink.name(), attempt, wait, failure);
      sleeper.sleep(wait);
    }
  }

  private void awaitTurn() throws InterruptedException {
    if (lastCallEnded == null || sink.minInterval().isZero()) {
      return;
    }
    Duration wait = Duration.between(clock.instant(), lastCallEnded.plus(sink.minInterval()));
    if (!wait.isNegative() && !wait.isZero()) {
      sleeper.sleep(wait);
    }
  }

  private void drop(List<Alert> alerts, DropCause cause, String why) {
    for (Alert alert : alerts) {
      meters.dropped(sink, alert, cause);
      log.warn("alert dropped by {} ({}): {} {} asset={} rung={} reason={}: {}", sink.name(), cause.tag,
          alert.kind(), alert.at(), alert.assetId(), alert.rung(), alert.reason(), why);
    }
  }
}
