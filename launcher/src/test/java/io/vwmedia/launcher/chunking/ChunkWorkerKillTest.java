package io.vwmedia.launcher.chunking;

import static io.vwmedia.launcher.VwMediaProcesses.await;
import static io.vwmedia.launcher.VwMediaProcesses.kill9;
import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.RenditionResult;
import io.vwmedia.events.RungStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.Media;
import io.vwmedia.launcher.PublishedTopic;
import io.vwmedia.launcher.RawTopic;
import io.vwmedia.launcher.VwMediaProcesses;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topics.Topic;
import io.vwmedia.worker.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked asset on two `vw-media worker` processes and a `vw-media topology`, as a cluster runs it; one worker is
 * killed with SIGKILL in the middle of a chunk after it has finished others. The broker releases the chunk the dead
 * member of the share group held and the other worker takes it: the asset is published once, and every chunk has
 * exactly one DONE result, so the kill cost only the chunk it interrupted, not the chunks that worker had already
 * finished.
 */
class ChunkWorkerKillTest {

  @TempDir Path data;
  @TempDir Path media;

  @Test
  @Timeout(420)
  void aWorkerKilledMidChunkCostsOnlyThatChunk() throws Exception {
    Path source = Media.generate(media.resolve("long.mp4"), "testsrc2=size=1280x720:rate=25", 40, true);
    // each encode logs its worker's pid and reads its source at its own pace (-re: an 8 s chunk takes 8 s)
    Path encodes = data.resolve("encodes.log");
    Path ffmpeg = data.resolve("ffmpeg-real-time");
    Files.writeString(ffmpeg, "#!/bin/sh\necho \"$PPID\" >> '" + encodes + "'\nexec ffmpeg -re \"$@\"\n");
    Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (VwMediaProcesses processes = new VwMediaProcesses(data)) {
      Settings brokerOnly = Settings.of(Map.of("vw.embedded.kafka-port", Integer.toString(processes.brokerPort()),
          "vw.embedded.workers", "false", "vw.embedded.topology", "false"));
      EmbeddedStack stack = EmbeddedStack.start(data, brokerOnly, ProgressListener.NONE, false);
      try {
        processes.start("topology", Map.of("vw.topology.instance-id", "chunks",
            "vw.chunking.min-source-seconds", "10", "vw.chunking.target-seconds", "8"), Map.of());
        Map<String, String> worker = Map.of("vw.worker.ffmpeg", ffmpeg.toString(), "vw.worker.x264-preset", "superfast",
            "vw.source.file-roots", media.toString(), "vw.worker.session-timeout", "6s");
        Process doomed = processes.start("worker", with(worker, "vw.worker.id", "doomed"), Map.of());
        processes.start("worker", with(worker, "vw.worker.id", "survivor"), Map.of());
        try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
          submitter.submit(UploadRequested.newBuilder().setAssetId("chunked-kill").setSourceUri(source.toUri().toString())
              .setCorrelationId("kill").setRequestedAt(Instant.now()).build());
        }

        // once the doomed worker has finished a chunk and started another encode, SIGKILL it in the middle of it
        String pid = Long.toString(doomed.pid());
        await(() -> chunkResults(stack).stream().anyMatch(r -> "doomed".equals(r.getWorker())), Duration.ofSeconds(180),
            "the doomed worker finishes a chunk");
        long started = encodesBy(encodes, pid);
        await(() -> encodesBy(encodes, pid) > started, Duration.ofSeconds(120), "the doomed worker starts another encode");
        Thread.sleep(2000);
        kill9(doomed);

        AssetPublished published = PublishedTopic.assertEachPublishedOnce(stack, List.of("chunked-kill")).stream()
            .filter(p -> p.getStatus() != AssetStatus.PLAYABLE).findFirst().orElseThrow();
        assertThat(published.getStatus()).isEqualTo(AssetStatus.PUBLISHED);
        List<RenditionResult> chunkResults = chunkResults(stack);
        Map<String, Long> donePerChunk = chunkResults.stream().filter(r -> r.getStatus() == RungStatus.DONE)
            .collect(Collectors.groupingBy(r -> r.getRung().getName() + "#" + r.getChunk().getIndex(), Collectors.counting()));
        assertThat(donePerChunk).as("chunks of 360p and 720p, 0-9, 9-17, 17-25, 25-33, 33-40 s").hasSize(10);
        assertThat(donePerChunk.values()).as("each chunk done once: nothing the killed worker finished ran again").containsOnly(1L);
        assertThat(chunkResults).extracting(RenditionResult::getWorker).as("both workers finished chunks")
            .contains("doomed", "survivor");
      } finally {
        stack.close();
      }
    }
  }

  /** The chunk results on the rendition-done topic so far. */
  static List<RenditionResult> chunkResults(EmbeddedStack stack) {
    return RawTopic.read(stack.bootstrapServers(), Topic.RENDITION_DONE.topicName(), 0, Duration.ofMillis(500)).stream()
        .map(r -> stack.serdes().renditionResult().deserializer().deserialize(Topic.RENDITION_DONE.topicName(), r.value()))
        .filter(r -> r.getChunk() != null)
        .toList();
  }

  /** Encodes the worker with this pid has started. */
  static long encodesBy(Path encodes, String pid) throws java.io.IOException {
    return Files.exists(encodes) ? Files.readAllLines(encodes).stream().filter(pid::equals).count() : 0;
  }

  static Map<String, String> with(Map<String, String> settings, String key, String value) {
    Map<String, String> more = new java.util.HashMap<>(settings);
    more.put(key, value);
    return more;
  }
}
