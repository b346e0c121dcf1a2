package io.vwmedia.launcher.probe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vwmedia.observability.metrics.LatencyTimers;
import java.time.Duration;

/**
 * The probe's meters: {@code media.playback.startup}, load → first frame of each load (outcome {@code ok}), or the
 * time a failed load waited before it was given up (outcome {@code error}); and {@code media.playback.startup.errors},
 * the loads that failed. Both are tagged with the player and the network profile, so a dashboard compares like with
 * like.
 */
public final class StartupMeters {

  public static final String STARTUP = "media.playback.startup";
  public static final String ERRORS = "media.playback.startup.errors";

  private final MeterRegistry registry;
  private final String player;
  private final String network;

  public StartupMeters(MeterRegistry registry, StartupPlayer player, NetworkProfile network) {
    this.registry = registry;
    this.player = player.tag();
    this.network = network.tag();
  }

  public void record(StartupLoad load) {
    String outcome = load.failed() ? "error" : "ok";
    (load.failed() ? load.elapsedMs() : load.firstFrameMs()).ifPresent(ms -> LatencyTimers.histogram(STARTUP,
            "from a player's load to the first video frame shown, in a fresh browser context",
            Duration.ofMillis(50), Duration.ofMinutes(1))
        .tags("player", player, "network", network, "outcome", outcome)
        .register(registry)
        .record(Duration.ofMillis(ms)));
    if (load.failed()) {
      Counter.builder(ERRORS).description("loads that showed no first frame or raised a player error")
          .tags("player", player, "network", network)
          .register(registry)
          .increment();
    }
  }
}
