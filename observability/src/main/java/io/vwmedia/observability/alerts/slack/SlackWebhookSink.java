package io.vwmedia.observability.alerts.slack;

import io.vwmedia.config.Settings;
import io.vwmedia.observability.alerts.Alert;
import io.vwmedia.observability.alerts.AlertSettings;
import io.vwmedia.observability.alerts.AlertSink;
import io.vwmedia.observability.metrics.MetricsSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Posts alerts to a Slack incoming webhook, one message per alert and at most one a second (Slack's limit for
 * webhooks). Slack's answers are sorted for the dispatcher: 429 is {@link AlertSink.Throttled} for its
 * {@code Retry-After}; another 4xx ({@code 404 no_service}, {@code 403 invalid_token}, {@code 400 invalid_payload})
 * would only repeat, so it is {@link AlertSink.Rejected}; 5xx and I/O errors are thrown to be retried.
 */
public final class SlackWebhookSink implements AlertSink {

  static final Duration ONE_MESSAGE_A_SECOND = Duration.ofSeconds(1);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI webhook;
  private final String environment;
  private final HttpClient http;

  /** @param environment said in each message ({@code vw.metrics.environment}) */
  public SlackWebhookSink(URI webhook, String environment) {
    this.webhook = webhook;
    this.environment = environment;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  /** The sink {@code vw.alerts.slack.webhook-url} names, if it is set. */
  public static Optional<SlackWebhookSink> fromSettings(Settings settings) {
    return settings.find(AlertSettings.SLACK_WEBHOOK_URL)
        .map(url -> new SlackWebhookSink(url, settings.get(MetricsSettings.ENVIRONMENT)));
  }

  @Override
  public String name() {
    return "slack";
  }

  @Override
  public int maxBatch() {
    return 1;
  }

  @Override
  public Duration minInterval() {
    return ONE_MESSAGE_A_SECOND;
  }

  @Override
  public List<Alert> deliver(List<Alert> alerts) throws Exception {
    for (Alert alert : alerts) {
      post(alert);
    }
    return List.of();
  }

  private void post(Alert alert) throws IOException, InterruptedException, Throttled, Rejected {
    HttpRequest request = HttpRequest.newBuilder(webhook)
        .timeout(TIMEOUT)
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(SlackMessage.json(alert, environment)))
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    int status = response.statusCode();
    String answer = "Slack answered " + status + " " + response.body().strip();
    if (status == 429) {
      throw new Throttled(answer, retryAfter(response));
    }
    if (status >= 400 && status < 500) {
      throw new Rejected(answer);
    }
    if (status >= 300) {
      throw new IOException(answer);
    }
  }

  /** {@code Retry-After} in seconds, as Slack sends it; one second when missing or unreadable. */
  private static Duration retryAfter(HttpResponse<?> response) {
    try {
      return response.headers().firstValue("Retry-After")
          .map(v -> Duration.ofSeconds(Long.parseLong(v.strip()))).orElse(ONE_MESSAGE_A_SECOND);
    } catch (NumberFormatException e) {
      return ONE_MESSAGE_A_SECOND;
    }
  }
}
