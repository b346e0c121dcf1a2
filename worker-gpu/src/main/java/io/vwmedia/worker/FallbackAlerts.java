package io.vwmedia.worker;

import io.vwmedia.events.RenditionTask;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertKind;
import io.vwmedia.observability.alerts.AlertPublisher;
import java.time.Clock;
import java.util.Map;

/** A GPU encode that failed and ran again on the CPU: counted, and said to whoever is paged (ENCODER_FALLBACK). */
final class FallbackAlerts implements EncoderFallbackListener {

  private final WorkerMeters meters;
  private final AlertPublisher alerts;
  private final String workerId;
  private final Clock clock;

  FallbackAlerts(WorkerMeters meters, AlertPublisher alerts, String workerId, Clock clock) {
    this.meters = meters;
    this.alerts = alerts;
    this.workerId = workerId;
    this.clock = clock;
  }

  @Override
  public void onFallback(RenditionTask task, String fromEncoder, String toEncoder, String error) {
    meters.fallback(fromEncoder, toEncoder);
    alerts.raise(new Alert(AlertKind.ENCODER_FALLBACK, task.getAssetId(), task.getCorrelationId(),
        task.getRung().getName(), fromEncoder + " failed, encoded on " + toEncoder + " instead: " + error, null,
        clock.instant(), Map.of("worker", workerId, "from", fromEncoder, "to", toEncoder)));
  }
}
