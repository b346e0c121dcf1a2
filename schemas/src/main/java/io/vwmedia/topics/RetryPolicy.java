package io.vwmedia.topics;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a failed rung task is tried again without holding up the tasks behind it, after Spring Kafka's retry
 * topics: the task moves to {@code media.rendition.tasks-retry-0}, then {@code -retry-1}, ..., each consumed only
 * once its delay has passed, and after the last attempt to {@code media.rendition.tasks-dlt}. Delays grow
 * exponentially: {@code delay}, {@code delay x multiplier}, ..., never above {@code maxDelay}.
 *
 * @param attempts runs of a task in all, the first included ({@code vw.retry.attempts}, default 4; 1 turns retries
 *     off and a failed task goes straight to the dead-letter topic)
 * @param delay the wait before the first retry ({@code vw.retry.delay}, default 10s)
 * @param multiplier each further retry waits this many times longer ({@code vw.retry.multiplier}, default 3)
 * @param maxDelay but never longer than this ({@code vw.retry.max-delay}, default 5m)
 */
public record RetryPolicy(int attempts, Duration delay, double multiplier, Duration maxDelay) {

  /** Spring Kafka's header names, so its tooling and Kafka UI users read these records as they read Spring's. */
  public static final String ATTEMPTS_HEADER = "retry_topic-attempts";
  public static final String BACKOFF_TIMESTAMP_HEADER = "retry_topic-backoff-timestamp";
  public static final String ORIGINAL_TIMESTAMP_HEADER = "retry_topic-original-timestamp";

  public RetryPolicy {
    if (attempts < 1 || attempts > 10) {
      throw new ConfigException("vw.retry.attempts: " + attempts + " is not allowed; expected 1 to 10");
    }
    if (delay.isNegative() || maxDelay.compareTo(delay) < 0) {
      throw new ConfigException("vw.retry.max-delay (" + maxDelay + ") must be at least vw.retry.delay (" + delay + ")");
    }
  }

  public static RetryPolicy defaults() {
    return from(Settings.of(java.util.Map.of()));
  }

  public static RetryPolicy from(Settings s) {
    return new RetryPolicy(
        s.get(RetrySettings.ATTEMPTS), s.get(RetrySettings.DELAY), s.get(RetrySettings.MULTIPLIER),
        s.get(RetrySettings.MAX_DELAY));
  }

  /** The retry topics of {@code topic}, in the order a task goes through them; empty when retries are off. */
  public List<String> retryTopics(Topic topic) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < attempts - 1; i++) {
      names.add(retryTopic(topic, i));
    }
    return names;
  }

  /** The topic of the {@code index}-th retry (0 for the second attempt). */
  public static String retryTopic(Topic topic, int index) {
    return topic.topicName() + "-retry-" + index;
  }

  /** The wait before the {@code index}-th retry. */
  public Duration delay(int index) {
    double millis = delay.toMillis() * Math.pow(multiplier, index);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }
}
