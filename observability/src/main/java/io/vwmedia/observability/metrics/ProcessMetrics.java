package io.vwmedia.observability.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.datadog.DatadogConfig;
import io.micrometer.datadog.DatadogMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vwmedia.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@link MeterRegistry} of a process (a worker, a topology, the embedded stack): a composite of Prometheus
 * (always; {@link #scrape()} is what {@code GET /metrics} serves) and Datadog (when {@code vw.metrics.datadog.api-key}
 * is set), with the tags every meter shares: {@code service}, {@code environment}, {@code version}, {@code host}.
 * Closing it pushes Datadog's last step, so a short {@code run} still reports.
 */
public final class ProcessMetrics implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessMetrics.class);

  private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final DatadogMeterRegistry datadog;
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private ProcessMetrics(String service, Settings settings) {
    String host = settings.find(MetricsSettings.HOST).orElseGet(ProcessMetrics::hostName);
    Tags common = Tags.of(
        Tag.of("service", service),
        Tag.of("environment", settings.get(MetricsSettings.ENVIRONMENT)),
        Tag.of("version", version()),
        Tag.of("host", host));
    registry.config().commonTags(common);
    registry.add(prometheus);
    Optional<String> apiKey = settings.find(MetricsSettings.DATADOG_API_KEY).filter(k -> !k.isBlank());
    if (apiKey.isPresent()) {
      datadog = DatadogMeterRegistry.builder(datadogConfig(apiKey.get(), settings)).build();
      registry.add(datadog);
      log.info("metrics: pushing to Datadog at {} every {}", settings.get(MetricsSettings.DATADOG_URI),
          settings.get(MetricsSettings.DATADOG_STEP));
    } else {
      datadog = null;
    }
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The registry of a process named {@code service} (e.g. {@code vw-media-worker}). */
  public static ProcessMetrics start(String service, Settings settings) {
    return new ProcessMetrics(service, settings);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Every meter in Prometheus' text format, as {@code GET /metrics} serves it. */
  public String scrape() {
    return prometheus.scrape();
  }

  /** Whether meters are pushed to Datadog. */
  public boolean pushesToDatadog() {
    return datadog != null;
  }

  private static DatadogConfig datadogConfig(String apiKey, Settings settings) {
    String uri = settings.get(MetricsSettings.DATADOG_URI);
    Duration step = settings.get(MetricsSettings.DATADOG_STEP);
    return new DatadogConfig() {
      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public String apiKey() {
        return apiKey;
      }

      @Override
      public String uri() {
        return uri;
      }

      @Override
      public Duration step() {
        return step;
      }

      @Override
      public String hostTag() {
        return "host";
      }

      @Override
      public boolean descriptions() {
        return false; // metadata needs an application key; the docs describe every meter
      }
    };
  }

  private static String hostName() {
    String pod = System.getenv("HOSTNAME");
    if (pod != null && !pod.isBlank()) return pod;
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  /** The build's version, from the jar's manifest; {@code dev} when run from classes. */
  private static String version() {
    String v = ProcessMetrics.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public void close() {
    gc.close();
    registry.close(); // a step registry publishes its last step on close
  }
}
