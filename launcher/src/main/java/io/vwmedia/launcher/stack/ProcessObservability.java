package io.vwmedia.launcher.stack;

import com.sun.net.httpserver.HttpHandler;
import io.vwmedia.config.Settings;
import io.vwmedia.observability.Observability;
import io.vwmedia.observability.alerts.AlertPublisher;
import io.vwmedia.observability.http.Health;
import io.vwmedia.observability.http.OpsEndpoints;
import io.vwmedia.observability.metrics.MetricsSettings;
import io.vwmedia.observability.metrics.ProcessMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one process of a cluster ({@code vw-media worker}, {@code vw-media topology}) is seen by: its meter registry,
 * readiness checks and alerts, and the HTTP port ({@code vw.metrics.port}) answering {@code /metrics} and
 * {@code /health/*} for Prometheus and Kubernetes.
 */
public final class ProcessObservability implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProcessObservability.class);

  private final ProcessMetrics metrics;
  private final Observability observability;
  private final OpsEndpoints.Server server;

  private ProcessObservability(String service, Settings settings, Map<String, HttpHandler> extra) {
    this.metrics = ProcessMetrics.start(service, settings);
    this.observability = new Observability(metrics.registry(), new Health(), AlertPublisher.NONE);
    try {
      this.server = new OpsEndpoints(metrics, observability.health()).serve(settings.get(MetricsSettings.PORT), extra);
    } catch (IOException e) {
      metrics.close();
      throw new UncheckedIOException("cannot open vw.metrics.port " + settings.get(MetricsSettings.PORT) + ": "
          + e.getMessage(), e);
    }
    log.info("{}: /metrics and /health on port {}", service, server.port());
  }

  /** Starts the registry and the ops port of a process named {@code service}. */
  public static ProcessObservability start(String service, Settings settings) {
    return new ProcessObservability(service, settings, Map.of());
  }

  public Observability observability() {
    return observability;
  }

  /** The port {@code /metrics} and {@code /health/*} answer on. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    metrics.close();
  }
}
