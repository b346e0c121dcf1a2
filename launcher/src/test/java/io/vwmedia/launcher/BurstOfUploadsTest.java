package io.vwmedia.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.worker.ProgressListener;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of uploads at once, as a busy producer sends them: every one ends in exactly one terminal state, and
 * the process holds no more memory, threads, files or FFmpeg processes afterwards than it did before, so what a
 * burst costs is bounded by what is in flight, not by how many came.
 */
class BurstOfUploadsTest {

  static final int UPLOADS = 300;
  /**
   * Uploads at once before the footprint's baseline: enough that every worker, probe worker and broker executor has
   * had work (each starts its threads on its first task), so the baseline is a working stack's, not an idle one's.
   */
  static final int WARM_UP = 30;

  @TempDir Path data;
  @TempDir Path media;

  @Test
  void aBurstOfThreeHundredSmallUploadsAllEndOnceAndLeaveNothingBehind() throws Exception {
    Path clip = Media.generate(media.resolve("small.mp4"), "testsrc2=size=640x360:rate=25", 1, false);
    List<String> assets = IntStream.range(0, UPLOADS).mapToObj(i -> String.format("burst-%03d", i)).toList();
    List<String> warmUp = IntStream.range(0, WARM_UP).mapToObj(i -> String.format("warm-up-%02d", i)).toList();
    Map<String, String> settings = Map.of("vw.publish.progressive", "false", "vw.worker.x264-preset", "ultrafast",
        "vw.worker.work-dir", data.resolve("work").toString());

    try (EmbeddedStack stack = EmbeddedStack.start(data, EmbeddedPipelineTest.fastEncodes(settings), ProgressListener.NONE, false)) {
      Map<String, AssetPublished> warm = burst(stack, warmUp, clip);
      assertThat(warm).hasSize(WARM_UP);
      assertThat(warm.values()).extracting(AssetPublished::getStatus).containsOnly(AssetStatus.PUBLISHED);
      Footprint before = Footprint.now();

      long started = System.nanoTime();
      Map<String, AssetPublished> terminal = burst(stack, assets, clip);
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("burst: %d uploads terminal in %.1f s (%.1f per second)%n", UPLOADS, seconds, UPLOADS / seconds);

      assertThat(terminal).hasSize(UPLOADS);
      assertThat(terminal.values()).extracting(AssetPublished::getStatus).containsOnly(AssetStatus.PUBLISHED);
      List<AssetPublished> events = PublishedTopic.readAll(stack.bootstrapServers(), stack.serdes().assetPublished());
      Map<String, Long> perAsset = events.stream().filter(e -> e.getStatus() != AssetStatus.PLAYABLE)
          .collect(Collectors.groupingBy(AssetPublished::getAssetId, Collectors.counting()));
      assertThat(perAsset).as("terminal events").hasSize(UPLOADS + WARM_UP)
          .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
      // an asset whose segment was stored before its encode ended went live first: announced once at most
      Map<String, Long> live = events.stream().filter(e -> e.getStatus() == AssetStatus.PLAYABLE)
          .collect(Collectors.groupingBy(AssetPublished::getAssetId, Collectors.counting()));
      assertThat(live).allSatisfy((id, n) -> assertThat(n).as("%s: live versions", id).isEqualTo(1L));

      // idle pool threads (the JDK's common pool, cached executors) end by themselves after 60 s idle: a leak does not
      Footprint after = Footprint.now();
      for (Instant until = Instant.now().plusSeconds(75); after.threads() > before.threads() + 4 && Instant.now().isBefore(until); ) {
        Thread.sleep(2_000);
        after = Footprint.now();
      }
      System.out.println("footprint before the burst: " + before + "; after: " + after + "; threads new: " + after.newThreadsSince(before));
      assertThat(after.heapMb()).as("retained heap").isLessThan(before.heapMb() + 64);
      assertThat(after.threads()).as("threads; new since before the burst: %s", after.newThreadsSince(before))
          .isLessThanOrEqualTo(before.threads() + 4);
      assertThat(after.openFiles()).as("open file descriptors").isLessThan(before.openFiles() + 32);
      assertThat(after.ffmpegChildren()).as("FFmpeg processes left").isZero();
      try (Stream<Path> scratch = Files.list(data.resolve("work"))) {
        assertThat(scratch).as("scratch folders left").isEmpty();
      }
    }
  }

  /** Submits one upload per asset at once, as a busy producer does, and waits until each is terminal. */
  private static Map<String, AssetPublished> burst(EmbeddedStack stack, List<String> assets, Path clip) {
    try (PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      for (String id : assets) {
        submitter.submit(UploadRequested.newBuilder().setAssetId(id).setSourceUri(clip.toUri().toString())
            .setCorrelationId("burst").setRequestedAt(Instant.now()).build());
      }
      return watcher.await(Set.copyOf(assets), Instant.now().plus(Duration.ofMinutes(12)), e -> {});
    }
  }

  /** What this JVM holds: heap retained after a collection (MB), threads, file descriptors, child processes. */
  record Footprint(long heapMb, int threads, long openFiles, long ffmpegChildren, List<String> threadNames) {
    /** The threads alive now that were not before, by name, for a failure message that says what leaked. */
    List<String> newThreadsSince(Footprint before) {
      List<String> added = new java.util.ArrayList<>(threadNames);
      before.threadNames.forEach(added::remove);
      return added;
    }

    @Override
    public String toString() {
      return "heap " + heapMb + " MB, " + threads + " threads, " + openFiles + " files, " + ffmpegChildren + " FFmpeg";
    }

    static Footprint now() throws Exception {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
      long files;
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        files = fds.count();
      }
      long ffmpeg = ProcessHandle.current().descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("ffmpeg") || c.endsWith("ffprobe")).orElse(false)).count();
      // the live threads of this thread group and its subgroups (what Thread.activeCount estimates), by name
      Thread[] threads = new Thread[Thread.activeCount() + 64];
      int live = Thread.currentThread().getThreadGroup().enumerate(threads, true);
      List<String> names = java.util.Arrays.stream(threads, 0, live).map(Thread::getName).sorted().toList();
      return new Footprint(heap, live, files, ffmpeg, names);
    }
  }
}
