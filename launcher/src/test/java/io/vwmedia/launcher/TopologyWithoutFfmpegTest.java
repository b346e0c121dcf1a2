package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.topology.template.TemplateCatalog;
import io.vwmedia.worker.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topology process needs no FFmpeg: `vw-media topology` runs in a JVM of its own whose PATH has no ffmpeg or ffprobe
 * (an empty folder), next to workers in this JVM that have them. It admits, plans (a per-title asset too, whose
 * rate-quality probe the workers run), refuses what the workers found unreadable, and publishes, and never starts
 * FFmpeg or ffprobe.
 */
class TopologyWithoutFfmpegTest {

  @TempDir Path data;
  @TempDir Path media;
  @TempDir Path emptyPath;

  @Test
  @Timeout(240)
  void aTopologyWithNoFfmpegOnItsPathPlansAndPublishesWhatTheWorkersProbeAndEncode() throws Exception {
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 2, true);
    try (VwMediaProcesses processes = new VwMediaProcesses(data)) {
      Settings workersOnly = Settings.of(Map.of(
          "vw.embedded.kafka-port", Integer.toString(processes.brokerPort()),
          "vw.embedded.topology", "false",
          "vw.worker.x264-preset", "superfast",
          "vw.source.file-roots", media.toString()));
      try (EmbeddedStack workers = EmbeddedStack.start(data, workersOnly, ProgressListener.NONE, false)) {
        Process topology = processes.start("topology", Map.of(), Map.of("PATH", emptyPath.toString()));
        Set<String> children = ConcurrentHashMap.newKeySet();
        Thread watch = new Thread(() -> {
          while (topology.isAlive()) {
            topology.descendants().forEach(c -> children.add(c.info().commandLine().orElse("pid " + c.pid())));
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        watch.start();
        try (UploadSubmitter submitter = new UploadSubmitter(workers.connection(), workers.serdes().uploadRequested())) {
          submitter.submit(upload("fixed", clip, TemplateCatalog.DEFAULT_TEMPLATE));
          submitter.submit(upload("per-title", clip, TemplateCatalog.PER_TITLE_TEMPLATE));
          submitter.submit(upload("not-a-video", Files.writeString(media.resolve("notes.mp4"), "text\n"),
              TemplateCatalog.DEFAULT_TEMPLATE));
        }

        Map<String, AssetPublished> terminal;
        try (PublishedWatcher watcher = new PublishedWatcher(workers.connection(), workers.serdes().assetPublished(), true)) {
          terminal = watcher.await(Set.of("fixed", "per-title", "not-a-video"), Instant.now().plus(Duration.ofMinutes(3)), e -> {});
        }

        assertThat(terminal.get("fixed").getStatus()).isEqualTo(AssetStatus.PUBLISHED);
        assertThat(terminal.get("per-title").getStatus()).isEqualTo(AssetStatus.PUBLISHED);
        assertThat(terminal.get("per-title").getRenditions()).filteredOn(r -> r.getName().equals("720p")).singleElement()
            .satisfies(r -> assertThat(r.getAverageBandwidth()).as("per-title planned below the template's 3000 kbit/s")
                .isLessThan(terminal.get("fixed").getRenditions().stream()
                    .filter(f -> f.getName().equals("720p")).findFirst().orElseThrow().getAverageBandwidth()));
        assertThat(terminal.get("not-a-video").getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(terminal.get("not-a-video").getReason()).startsWith("the source is not a video FFmpeg can read");
        assertThat(topology.isAlive()).isTrue();
        // the only process a topology may start is RocksDB's loader asking `ldd` whether the libc is musl
        assertThat(children).as("processes the topology started")
            .noneMatch(command -> command.contains("ffmpeg") || command.contains("ffprobe"));
        topology.destroy();
        assertThat(topology.waitFor(40, TimeUnit.SECONDS)).isTrue();
        watch.join();
      }
    }
  }

  private static UploadRequested upload(String id, Path source, String template) {
    return UploadRequested.newBuilder().setAssetId(id).setSourceUri(source.toUri().toString()).setTemplateId(template)
        .setCorrelationId("no-ffmpeg").setRequestedAt(Instant.now()).build();
  }
}
