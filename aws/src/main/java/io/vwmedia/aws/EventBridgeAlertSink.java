package io.vwmedia.aws;

import io.vwmedia.config.Settings;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertDetail;
import io.vwmedia.observability.alerts.AlertSettings;
import io.vwmedia.observability.alerts.AlertSink;
import io.vwmedia.observability.metrics.MetricsSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts alerts on an EventBridge bus ({@code PutEvents}, ten entries a call at most), where rules route them to
 * on-call tools, a Slack API destination (infrastructure/eventbridge) or a queue. Each event has source
 * {@code vw-media}, the kind's {@code detail-type} and {@link AlertDetail}'s JSON as its detail. Entries EventBridge
 * did not take (an {@code ErrorCode} in the answer) are handed back, so the dispatcher retries just those; the
 * SDK's standard retries cover throttling and server errors of the call itself.
 */
public final class EventBridgeAlertSink implements AlertSink, AutoCloseable {

  /** The {@code source} of every event vw-media puts. */
  public static final String SOURCE = "vw-media";
  /** PutEvents' limit of entries per call. */
  public static final int MAX_ENTRIES = 10;

  private static final Logger log = LoggerFactory.getLogger(EventBridgeAlertSink.class);

  private final EventBridgeClient eventBridge;
  private final String busName;
  private final String environment;

  /** @param environment said in each event's detail ({@code vw.metrics.environment}) */
  public EventBridgeAlertSink(EventBridgeClient eventBridge, String busName, String environment) {
    this.eventBridge = eventBridge;
    this.busName = busName;
    this.environment = environment;
  }

  /**
   * The sink {@code vw.alerts.eventbridge.*} describes, when it is enabled or given an endpoint; credentials from the
   * SDK's default chain.
   */
  public static Optional<EventBridgeAlertSink> fromSettings(Settings settings) {
    Optional<URI> endpoint = settings.find(AlertSettings.EVENTBRIDGE_ENDPOINT);
    if (!settings.get(AlertSettings.EVENTBRIDGE_ENABLED) && endpoint.isEmpty()) {
      return Optional.empty();
    }
    Region region = settings.find(AlertSettings.EVENTBRIDGE_REGION).map(Region::of)
        .orElseGet(EventBridgeAlertSink::regionFromTheSdkChain);
    EventBridgeClient client = client(endpoint, region, DefaultCredentialsProvider.builder().build());
    return Optional.of(new EventBridgeAlertSink(client, settings.get(AlertSettings.EVENTBRIDGE_BUS),
        settings.get(MetricsSettings.ENVIRONMENT)));
  }

  /**
   * An EventBridge client with the SDK's standard retries.
   *
   * @param endpoint a different API endpoint (a VPC endpoint, tests); EventBridge's own for the region when empty
   */
  public static EventBridgeClient client(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {
    var builder = EventBridgeClient.builder().region(region).credentialsProvider(credentials);
    endpoint.ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static Region regionFromTheSdkChain() {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }

  @Override
  public String name() {
    return "eventbridge";
  }

  @Override
  public int maxBatch() {
    return MAX_ENTRIES;
  }

  @Override
  public List<Alert> deliver(List<Alert> alerts) {
    List<Alert> refused = new ArrayList<>();
    for (int from = 0; from < alerts.size(); from += MAX_ENTRIES) {
      refused.addAll(put(alerts.subList(from, Math.min(alerts.size(), from + MAX_ENTRIES))));
    }
    return refused;
  }

  /** One PutEvents call; the alerts whose entries came back with an error code. */
  private List<Alert> put(List<Alert> alerts) {
    List<PutEventsRequestEntry> entries = alerts.stream().map(this::entry).toList();
    List<PutEventsResultEntry> results = eventBridge.putEvents(b -> b.entries(entries)).entries();
    List<Alert> refused = new ArrayList<>();
    for (int i = 0; i < alerts.size(); i++) {
      PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
      if (result == null || result.errorCode() != null) {
        refused.add(alerts.get(i));
        log.debug("EventBridge {} did not take alert {}: {} {}", busName, alerts.get(i).collapseKey(),
            result == null ? "no result entry" : result.errorCode(), result == null ? "" : result.errorMessage());
      }
    }
    return refused;
  }

  private PutEventsRequestEntry entry(Alert alert) {
    return PutEventsRequestEntry.builder()
        .eventBusName(busName)
        .source(SOURCE)
        .detailType(alert.kind().detailType())
        .detail(AlertDetail.json(alert, environment))
        .resources(List.of())
        .time(alert.at())
        .build();
  }

  @Override
  public void close() {
    eventBridge.close();
  }
}
