package io.vwmedia.launcher.cli;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.serde.SchemaRegistries;
import io.vwmedia.serde.SchemaRegistryClient;
import io.vwmedia.topics.KafkaSettings;
import io.vwmedia.topics.TopicSerdes;
import io.vwmedia.topology.template.TemplateCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vw-media submit}: produce one upload event, as any producer would, and optionally wait for its outcome. */
@Command(
    name = "submit",
    mixinStandardHelpOptions = true,
    description = "Produces an upload event for SOURCE to media.upload.requested; with --wait, prints the asset's"
        + " published event as one JSON line and exits 0 if it was published (1 if FAILED).")
public final class SubmitCommand implements Callable<Integer> {

  @Mixin CommonOptions common;
  @Mixin ClusterOptions cluster;

  @Parameters(paramLabel = "SOURCE", description = "A local file or a file:, http: or https: URI.")
  String source;

  @Option(names = "--asset-id", description = "Asset id (default: the file name plus a random suffix).")
  String assetId;

  @Option(names = "--template", defaultValue = TemplateCatalog.DEFAULT_TEMPLATE, description = "Ladder template (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = "--drop-rung", paramLabel = "RUNG", description = "Do not produce this rung (repeatable), e.g. --drop-rung 2160p.")
  List<String> dropRungs = new ArrayList<>();

  @Option(names = "--bitrate", paramLabel = "RUNG=KBPS", description = "Average bitrate of a rung in kbit/s (repeatable), e.g. --bitrate 720p=2500.")
  Map<String, Integer> bitrates = Map.of();

  @Option(names = "--correlation-id", description = "Carried on every event about the asset (default: random).")
  String correlationId;

  @Option(names = "--wait", description = "Wait for the asset's published event and print it as JSON.")
  boolean await;

  @Option(names = "--timeout", defaultValue = "PT2H", description = "With --wait, how long to wait (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() {
    KafkaSettings kafka = cluster.kafka(common.settings());
    String uri = source.contains(":") && !source.startsWith("/") ? URI.create(source).toString() : Path.of(source).toAbsolutePath().toUri().toString();
    String id = assetId != null ? assetId : RunCommand.assetIdFor(Path.of(URI.create(uri).getPath()));
    UploadRequested.Builder upload = UploadRequested.newBuilder()
        .setAssetId(id)
        .setSourceUri(uri)
        .setTemplateId(template)
        .setCorrelationId(correlationId != null ? correlationId : UUID.randomUUID().toString())
        .setRequestedAt(Instant.now());
    if (!dropRungs.isEmpty() || !bitrates.isEmpty()) {
      upload.setOverrides(TemplateOverrides.newBuilder().setDropRungs(dropRungs).setBitrateKbps(Map.copyOf(bitrates)).build());
    }
    try (SchemaRegistryClient registry = SchemaRegistries.fromUrl(kafka.schemaRegistryUrl())) {
      TopicSerdes serdes = new TopicSerdes(registry);
      try (PublishedWatcher watcher = await ? new PublishedWatcher(kafka.connection(), serdes.assetPublished(), false) : null;
          UploadSubmitter submitter = new UploadSubmitter(kafka.connection(), serdes.uploadRequested())) {
        submitter.submit(upload.build());
        if (!await) {
          System.out.println(id);
          return 0;
        }
        Map<String, AssetPublished> seen = watcher.await(Set.of(id), Instant.now().plus(timeout), e -> System.out.println(JsonReport.line(e)));
        AssetPublished result = seen.get(id);
        if (result == null) {
          System.err.println("vw-media: " + id + " was not terminal within " + timeout);
          return 3;
        }
        return result.getStatus() == AssetStatus.FAILED ? 1 : 0;
      }
    }
  }
}
