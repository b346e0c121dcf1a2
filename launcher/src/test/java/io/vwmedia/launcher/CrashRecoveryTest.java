package io.vwmedia.launcher;

import static io.vwmedia.launcher.VwMediaProcesses.await;
import static io.vwmedia.launcher.VwMediaProcesses.kill9;
import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline as it runs in production, as separate processes: a `vw-media worker` and a `vw-media topology`
 * against one broker. The worker is killed with SIGKILL in the middle of an encode, the topology is killed with
 * SIGKILL while assets are in flight, the next worker is stopped with SIGTERM in the middle of an encode, the broker
 * is stopped and started again; each is replaced and every asset still reaches exactly one terminal state, with no
 * duplicate on the published topic. Then SIGTERM stops the last ones cleanly.
 */
class CrashRecoveryTest {

  static final int ASSETS = 4;

  @TempDir Path data;
  @TempDir Path media;
  VwMediaProcesses processes;

  @Test
  @Timeout(420)
  void killedWorkerKilledTopologyAndRestartedBrokerStillEndEveryAssetExactlyOnce() throws Exception {
    Path clip = Media.generate(media.resolve("clip.mp4"), "testsrc2=size=1280x720:rate=25", 3, true);
    // every encode is logged when it starts and reads its source at its own pace (-re: a 3 s clip takes 3 s), so
    // the kills below land while FFmpeg runs
    Path encodes = data.resolve("encodes.log");
    Path ffmpeg = data.resolve("ffmpeg-real-time");
    Files.writeString(ffmpeg, "#!/bin/sh\necho \"$$\" >> '" + encodes + "'\nexec ffmpeg -re \"$@\"\n");
    Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwxr-xr-x"));
    processes = new VwMediaProcesses(data);
    int port = processes.brokerPort();
    Settings brokerOnly = Settings.of(Map.of("vw.embedded.kafka-port", Integer.toString(port),
        "vw.embedded.workers", "false", "vw.embedded.topology", "false"));
    List<String> assets = IntStream.rangeClosed(1, ASSETS).mapToObj(i -> "chaos-" + i).toList();

    EmbeddedStack stack = EmbeddedStack.start(data, brokerOnly, ProgressListener.NONE, false);
    try {
      Process worker = start("worker", ffmpeg);
      Process topology = start("topology", ffmpeg);
      try (UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
        for (String id : assets) {
          submitter.submit(UploadRequested.newBuilder().setAssetId(id).setSourceUri(clip.toUri().toString())
              .setCorrelationId("chaos").setRequestedAt(Instant.now()).build());
        }
      }

      // SIGKILL the worker while FFmpeg runs one of its encodes; a new worker takes its tasks over
      await(() -> Files.exists(encodes), Duration.ofSeconds(90), "the first encode starts");
      kill9(worker);
      long encodesBefore = Files.readAllLines(encodes).size();
      worker = start("worker", ffmpeg);

      // SIGKILL the topology once encodes have moved on, results in flight; a new one takes over at once
      await(() -> Files.readAllLines(encodes).size() > encodesBefore + 1, Duration.ofSeconds(120), "the new worker encodes");
      kill9(topology);
      topology = start("topology", ffmpeg);

      // SIGTERM the worker in the middle of its next encode: it stops the encode and hands the task back
      long encodesNow = Files.readAllLines(encodes).size();
      await(() -> Files.readAllLines(encodes).size() > encodesNow, Duration.ofSeconds(120), "the next encode starts");
      worker.destroy();
      assertThat(worker.waitFor(40, TimeUnit.SECONDS)).as("a worker stops on SIGTERM").isTrue();
      worker = start("worker", ffmpeg);

      // stop the broker and start it again on the same data and port; both processes reconnect
      long encodesThen = Files.readAllLines(encodes).size();
      await(() -> Files.readAllLines(encodes).size() > encodesThen, Duration.ofSeconds(120), "encoding carries on");
      stack.close();
      stack = EmbeddedStack.start(data, brokerOnly, ProgressListener.NONE, false);

      List<AssetPublished> all = PublishedTopic.assertEachPublishedOnce(stack, assets);
      Map<String, Long> versions = all.stream().collect(Collectors.groupingBy(
          e -> e.getAssetId() + " v" + e.getManifestVersion(), Collectors.counting()));
      assertThat(versions.values()).as("no manifest version published twice").containsOnly(1L);

      // SIGTERM: both stop on their own, promptly
      for (Process p : List.of(worker, topology)) {
        p.destroy();
        assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
      }
    } finally {
      processes.close();
      stack.close();
    }
  }

  /** `vw-media worker` or `vw-media topology` in a JVM of its own, against the test's broker and registry. */
  private Process start(String command, Path ffmpeg) throws IOException {
    Map<String, String> settings = command.equals("worker")
        ? Map.of("vw.worker.ffmpeg", ffmpeg.toString(), "vw.worker.x264-preset", "superfast",
            "vw.source.file-roots", media.toString(), "vw.worker.session-timeout", "6s")
        : Map.of("vw.topology.instance-id", "chaos");
    return processes.start(command, settings, Map.of());
  }
}
