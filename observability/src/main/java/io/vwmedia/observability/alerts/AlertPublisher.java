package io.vwmedia.observability.alerts;

/**
 * Raises an alert without waiting: what the pipeline's parts call. The dispatcher behind it queues, collapses, rate
 * limits and retries off the hot path; raising never blocks and never throws.
 */
@FunctionalInterface
public interface AlertPublisher {

  /** Drops every alert: for tests and processes with no sink configured. */
  AlertPublisher NONE = alert -> {};

  void raise(Alert alert);
}
