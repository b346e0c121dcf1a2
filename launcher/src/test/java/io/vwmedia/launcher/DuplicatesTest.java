package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.ProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * At-least-once producers and redeliveries repeat messages; vw-media publishes each asset once anyway. The same
 * upload event sent three times, and every rung task of a published asset delivered (and encoded) again: one
 * terminal event per asset, and the rungs encoded twice still play from the first encode's folder, the second
 * encode's folder removed.
 */
class DuplicatesTest {

  @RegisterExtension final TestBrokers broker = new TestBrokers();

  @TempDir Path data;
  @TempDir Path media;

  @Test
  void repeatedUploadsAndRepeatedRungTasksPublishTheAssetOnce() throws Exception {
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 2, true);
    try (EmbeddedStack stack = EmbeddedStack.start(data, broker.forStack(EmbeddedPipelineTest.fastEncodes(Map.of())), ProgressListener.NONE, false)) {
      String bootstrap = stack.bootstrapServers();
      AssetPublished published;
      try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
          UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
        UploadRequested upload = UploadRequested.newBuilder().setAssetId("dup").setSourceUri(clip.toUri().toString())
            .setCorrelationId("dup").setRequestedAt(Instant.now()).build();
        for (int i = 0; i < 3; i++) {
          submitter.submit(upload);
        }
        published = watcher.await(Set.of("dup"), Instant.now().plus(Duration.ofMinutes(2)), e -> {}).get("dup");
      }
      assertThat(published.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
      List<ConsumerRecord<byte[], byte[]>> tasks = RawTopic.read(bootstrap, Topic.RENDITION_TASKS.topicName(), 3, Duration.ofSeconds(10));
      assertThat(tasks).as("one task per rung, not one per upload event").hasSize(3);
      // the rung results, not the workers' reports of segments stored while they encode (live publishing)
      java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> terminal = r -> stack.serdes().renditionResult()
          .deserializer().deserialize(Topic.RENDITION_DONE.topicName(), r.value()).getStatus() != RungStatus.ENCODING;
      int resultsBefore = RawTopic.read(bootstrap, Topic.RENDITION_DONE.topicName(), terminal, 3, Duration.ofSeconds(10)).size();

      // every task delivered again, as after a worker lost its partitions just before committing
      for (ConsumerRecord<byte[], byte[]> task : tasks) {
        RawTopic.write(bootstrap, Topic.RENDITION_TASKS.topicName(), RawTopic.key(task), task.value());
      }
      List<ConsumerRecord<byte[], byte[]>> results =
          RawTopic.read(bootstrap, Topic.RENDITION_DONE.topicName(), terminal, resultsBefore + 3, Duration.ofSeconds(90));
      assertThat(results).as("the repeated tasks were encoded again").hasSize(resultsBefore + 3);
      Thread.sleep(3_000); // the aggregator's turn: it must ignore them

      List<AssetPublished> all = PublishedTopic.readAll(bootstrap, stack.serdes().assetPublished());
      assertThat(all).filteredOn(e -> e.getStatus() != AssetStatus.PLAYABLE).as("one terminal event").hasSize(1);
      assertThat(all).extracting(AssetPublished::getManifestVersion).doesNotHaveDuplicates();
      // the rungs encoded twice still decode in full from the published manifest
      Path master = Path.of(published.getHlsUrl());
      assertThat(Media.decodeFrames(master.toString(), "0:p:0:v")).isEqualTo(50);
      assertThat(Media.decodeFrames(master.toString(), "0:p:1:v")).isEqualTo(50);
      assertThat(Files.readString(master, StandardCharsets.UTF_8)).contains("720p");
      // each encode wrote a folder of its own: the one its playlist names is kept, the repeat's is removed
      Path asset = master.getParent().getParent().getParent().resolve("assets/dup");
      for (String rung : List.of("360p", "720p", "audio")) {
        String playlist = Files.readString(asset.resolve(rung + "/playlist.m3u8"), StandardCharsets.UTF_8);
        List<String> encodes = encodeFolders(asset.resolve(rung));
        for (Instant until = Instant.now().plusSeconds(30); encodes.size() > 1 && Instant.now().isBefore(until); ) {
          Thread.sleep(200); // the aggregator removes the repeat's folder when it takes the repeated result
          encodes = encodeFolders(asset.resolve(rung));
        }
        assertThat(encodes).as("%s encode folders", rung).hasSize(1);
        assertThat(playlist).contains("#EXT-X-MAP:URI=\"" + encodes.get(0) + "/init.mp4\"");
      }
    }
  }

  private static List<String> encodeFolders(Path rung) throws java.io.IOException {
    try (var folders = Files.list(rung)) {
      return folders.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("w-")).toList();
    }
  }
}
