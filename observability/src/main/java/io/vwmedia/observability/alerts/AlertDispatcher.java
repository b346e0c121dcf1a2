package io.vwmedia.observability.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.config.Settings;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pipeline raises alerts on: it links each alert to its asset's status page, says a repeated incident once
 * per window, and hands the rest to one {@link SinkLane} per sink, each with its own bounded queue and thread, so
 * raising never waits and a slow Slack never delays EventBridge. Deliveries are retried with backoff a bounded
 * number of times; whatever cannot be delivered is logged and counted, never raised into the caller.
 */
public final class AlertDispatcher implements AlertPublisher, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

  private final DeliveryPolicy policy;
  private final Optional<StatusPage> statusPage;
  private final AlertMeters meters;
  private final RepeatedAlerts repeats;
  private final List<SinkLane> lanes;
  private volatile boolean closed;

  /**
   * @param statusBase the status page's base URL, or empty for alerts without a link
   * @param clock what collapsing and rate limits read the time from
   * @param sleeper how waits between attempts are waited
   */
  public AlertDispatcher(DeliveryPolicy policy, Optional<URI> statusBase, MeterRegistry registry,
      List<AlertSink> sinks, Clock clock, Sleeper sleeper) {
    this.policy = policy;
    this.statusPage = statusBase.map(StatusPage::new);
    this.meters = new AlertMeters(registry);
    this.repeats = new RepeatedAlerts(policy.collapseWindow(), clock);
    this.lanes = sinks.stream().map(sink -> new SinkLane(sink, policy, meters, clock, sleeper)).toList();
  }

  /** A dispatcher to {@code sinks} as {@code vw.alerts.*} says, on the system clock. */
  public static AlertDispatcher from(Settings settings, MeterRegistry registry, List<AlertSink> sinks) {
    log.info("alerts: to {}", sinks.isEmpty() ? "nowhere" : sinks.stream().map(AlertSink::name).toList());
    return new AlertDispatcher(DeliveryPolicy.from(settings), settings.find(AlertSettings.STATUS_BASE_URL), registry,
        sinks, Clock.systemUTC(), Sleeper.SYSTEM);
  }

  /** Whether any sink is configured: with none, alerts go nowhere. */
  public boolean hasSinks() {
    return !lanes.isEmpty();
  }

  @Override
  public void raise(Alert alert) {
    try {
      Alert linked = statusPage.map(page -> page.link(alert)).orElse(alert);
      if (!closed && repeats.isRepeat(linked)) {
        meters.collapsed(linked);
        return;
      }
      lanes.forEach(lane -> lane.offer(linked));
    } catch (RuntimeException e) {
      log.warn("alert not raised: {}: {}", alert, e.toString());
    }
  }

  /**
   * Delivers what is queued, waiting at most the policy's drain timeout for all sinks together, then stops; alerts
   * still queued are dropped and counted. Closes the sinks that hold resources (a client).
   */
  @Override
  public void close() {
    closed = true;
    lanes.forEach(SinkLane::closeWhenDrained);
    Instant deadline = Instant.now().plus(policy.drainTimeout());
    try {
      for (SinkLane lane : lanes) {
        lane.awaitDrained(deadline);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SinkLane lane : lanes) {
      if (lane.sink() instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("alert sink {} did not close cleanly: {}", lane.sink().name(), e.toString());
        }
      }
    }
  }
}
