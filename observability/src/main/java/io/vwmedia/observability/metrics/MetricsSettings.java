package io.vwmedia.observability.metrics;

import io.vwmedia.config.Setting;
import io.vwmedia.config.SettingsGroup;
import java.time.Duration;
import java.util.List;

/** Where each process's meters go: scraped by Prometheus on {@code /metrics}, pushed to Datadog when a key is set. */
public final class MetricsSettings extends SettingsGroup.Declared {

  public static final Setting<Integer> PORT = Setting.integer("vw.metrics.port", 9404, 0, 65535,
      "HTTP port of `worker` and `topology` for GET /metrics (Prometheus text), /health/live and /health/ready; 0"
          + " picks a free one (logged). `serve` answers the same paths on its origin port");
  public static final Setting<String> ENVIRONMENT = Setting.string("vw.metrics.environment", "dev",
      "the `environment` tag on every meter, event and alert (e.g. dev, staging, prod)");
  public static final Setting<String> HOST = Setting.optionalString("vw.metrics.host",
      "the `host` tag on every meter (Datadog's host); default the machine's host name (a pod's name)");
  public static final Setting<String> DATADOG_API_KEY = Setting.optionalString("vw.metrics.datadog.api-key",
      "Datadog API key; when set, every meter is also pushed to Datadog's /api/v1/series each step");
  public static final Setting<String> DATADOG_URI = Setting.string("vw.metrics.datadog.uri",
      "https://api.datadoghq.com", "Datadog's API (e.g. https://api.datadoghq.eu, or a local server in tests)");
  public static final Setting<Duration> DATADOG_STEP = Setting.duration("vw.metrics.datadog.step", "1m",
      "how often meters are pushed to Datadog");

  public MetricsSettings() {
    super("metrics", "Metrics", List.of("run", "serve", "worker", "topology", "probe-startup"),
        PORT, ENVIRONMENT, HOST, DATADOG_API_KEY, DATADOG_URI, DATADOG_STEP);
  }
}
