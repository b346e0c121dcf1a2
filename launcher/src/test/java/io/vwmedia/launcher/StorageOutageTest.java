package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage that cannot take the manifests for a while (here: a file where the asset's manifest folder must go, so
 * every write under it fails, as writes to a bucket do while it is unreachable). The topology's packaging fails, its
 * stream thread is replaced and the record processed again, and again, until storage takes the writes: then the
 * asset is published, once. Nothing is published from the attempts that failed.
 */
class StorageOutageTest {

  @TempDir Path data;
  @TempDir Path media;

  @Test
  void packagingIntoStorageThatFailsIsRetriedUntilItWorksAndPublishesOnce() throws Exception {
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=640x360:rate=25", 2, true);
    Path blocker = data.resolve("storage/manifests/outage");
    Files.createDirectories(blocker.getParent());
    Files.writeString(blocker, "not a folder");

    // a replaced stream thread waits out its predecessor's session (static membership): keep that short here
    Map<String, String> settings = Map.of("vw.topology.session-timeout", "6s");
    try (EmbeddedStack stack = EmbeddedStack.start(data, EmbeddedPipelineTest.fastEncodes(settings), ProgressListener.NONE, false);
        PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), true);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      submitter.submit(UploadRequested.newBuilder().setAssetId("outage").setSourceUri(clip.toUri().toString())
          .setCorrelationId("outage").setRequestedAt(Instant.now()).build());

      // the rungs are encoded and stored (assets/outage/...), but no manifest can be written: nothing is published
      Path segments = data.resolve("storage/assets/outage/360p");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!Files.isDirectory(segments) && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(segments).as("the 360p rung was stored").isDirectory();
      Map<String, AssetPublished> during = watcher.await(Set.of("outage"), Instant.now().plusSeconds(8), e -> {});
      assertThat(during).as("nothing published while storage refuses the manifests").isEmpty();

      // storage comes back
      Files.delete(blocker);
      Map<String, AssetPublished> after = watcher.await(Set.of("outage"), Instant.now().plusSeconds(120), e -> {});
      assertThat(after.get("outage").getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      assertThat(Path.of(after.get("outage").getHlsUrl())).isRegularFile();

      List<AssetPublished> all = PublishedTopic.readAll(stack.bootstrapServers(), stack.serdes().assetPublished());
      assertThat(all).filteredOn(e -> e.getStatus() != AssetStatus.PLAYABLE).as("one terminal event").hasSize(1);
      assertThat(all).extracting(AssetPublished::getManifestVersion).doesNotHaveDuplicates();
    }
  }
}
