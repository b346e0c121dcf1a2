package io.vwmedia.topics;

import io.vwmedia.config.Setting;
import io.vwmedia.config.Settings;
import io.vwmedia.config.SettingsGroup;
import java.time.Duration;
import java.util.List;

/** The settings of {@link RetryPolicy}: how a failed rung task is tried again. */
public final class RetrySettings extends SettingsGroup.Declared {

  public static final Setting<Integer> ATTEMPTS = Setting.integer("vw.retry.attempts", 4, 1, 10,
      "runs of a rung task in all, the first included; 1 sends a failed task straight to the dead-letter topic");
  public static final Setting<Duration> DELAY = Setting.duration("vw.retry.delay", "10s",
      "wait before the first retry");
  public static final Setting<Double> MULTIPLIER = Setting.decimal("vw.retry.multiplier", 3, 1, 100,
      "each further retry waits this many times longer…");
  public static final Setting<Duration> MAX_DELAY = Setting.duration("vw.retry.max-delay", "5m",
      "…but never longer than this");

  public RetrySettings() {
    super("retry", "Retries and dead letters", List.of("run", "serve", "topology", "worker"),
        ATTEMPTS, DELAY, MULTIPLIER, MAX_DELAY);
  }

  /** The longest wait is at least the first. */
  @Override
  public void check(Settings settings) {
    RetryPolicy.from(settings);
  }
}
