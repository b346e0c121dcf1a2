package io.vwmedia.worker;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Waits for work that runs longer than a poll interval (an encode, a probe) while the consumer stays in its group:
 * its partitions are paused, so each poll returns nothing but counts as the member being alive.
 */
public final class KeepPolling {

  private KeepPolling() {}

  /** The work's result, or null when {@code running} turned false first (the work is then cancelled). */
  public static <T> T await(Future<T> work, Consumer<?, ?> consumer, BooleanSupplier running, Duration poll)
      throws InterruptedException, ExecutionException {
    while (true) {
      try {
        return work.get(poll.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (!running.getAsBoolean()) {
          work.cancel(true);
          return null;
        }
        consumer.poll(Duration.ZERO);
      }
    }
  }
}
