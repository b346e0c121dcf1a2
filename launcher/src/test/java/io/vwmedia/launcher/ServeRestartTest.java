package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topology.TopologySettings;
import io.vwmedia.worker.ProgressListener;
import io.vwmedia.worker.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What 'vw-media serve' runs, stopped and started again on the same data folder, keeps every asset and message. */
class ServeRestartTest {

  @TempDir Path data;
  @TempDir Path media;

  @Test
  void serveWaitsKafkasOwnFetchWaitUnlessOneIsSet() {
    Settings serve = EmbeddedStack.runningUntilStopped(Settings.of(Map.of("vw.topology.fetch-max-wait", "200ms")));

    assertThat(serve.get(WorkerSettings.FETCH_MAX_WAIT)).isEqualTo(Duration.ofMillis(500));
    assertThat(serve.get(TopologySettings.FETCH_MAX_WAIT)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void aRestartedStackKeepsEveryAssetAndMessageAndCarriesOn() throws Exception {
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=640x360:rate=25", 3, true);
    // as serve runs it: its idle consumers wait Kafka's 500 ms at the broker, and still leave their groups on closing
    var settings = EmbeddedStack.runningUntilStopped(
        EmbeddedPipelineTest.fastEncodes(Map.of("vw.embedded.origin-port", "0")));

    String bootstrapBefore;
    AssetPublished first;
    try (EmbeddedStack stack = EmbeddedStack.start(data, settings, ProgressListener.NONE, true)) {
      bootstrapBefore = stack.bootstrapServers();
      first = EmbeddedPipelineTest.publish(stack, "before-restart", clip);
      assertThat(first.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      assertThat(first.getHlsUrl()).startsWith("http://");
    }

    try (EmbeddedStack stack = EmbeddedStack.start(data, settings, ProgressListener.NONE, true)) {
      assertThat(stack.bootstrapServers()).isEqualTo(bootstrapBefore);

      // the message written before the restart is still there and still decodes (schema ids kept)
      try (PublishedWatcher all = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), true)) {
        Map<String, AssetPublished> seen = all.await(Set.of("before-restart"), Instant.now().plusSeconds(30), e -> {});
        assertThat(seen.get("before-restart")).isEqualTo(first);
      }
      // the asset's files are still served by the origin
      String masterPath = URI.create(first.getHlsUrl()).getPath();
      HttpResponse<String> master = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(stack.originUri().orElseThrow().resolve(masterPath)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(master.statusCode()).isEqualTo(200);
      assertThat(master.body()).startsWith("#EXTM3U");

      // the topology kept its state: a repeated upload of the old asset publishes nothing new...
      try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
        submitter.submit(UploadRequested.newBuilder()
            .setAssetId("before-restart").setSourceUri(clip.toUri().toString())
            .setCorrelationId("again").setRequestedAt(Instant.now()).build());
      }
      // ...and a new asset goes through
      AssetPublished second = EmbeddedPipelineTest.publish(stack, "after-restart", clip);
      assertThat(second.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      Thread.sleep(2_000); // give the repeated upload time to be (not) processed
      List<AssetPublished> everything = PublishedTopic.readAll(stack.bootstrapServers(), stack.serdes().assetPublished());
      assertThat(everything).filteredOn(e -> e.getStatus() != AssetStatus.PLAYABLE).as("one terminal event per asset")
          .extracting(AssetPublished::getAssetId).containsExactlyInAnyOrder("before-restart", "after-restart");
      assertThat(everything).contains(first);
    }
  }
}
