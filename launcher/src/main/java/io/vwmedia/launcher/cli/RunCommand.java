package io.vwmedia.launcher.cli;

import io.vwmedia.config.Settings;
import io.vwmedia.events.AssetPublished;
import io.vwmedia.events.AssetStatus;
import io.vwmedia.events.TemplateOverrides;
import io.vwmedia.events.UploadRequested;
import io.vwmedia.ffmpeg.encode.SampleClip;
import io.vwmedia.ffmpeg.source.SourceSettings;
import io.vwmedia.launcher.client.AssetTrace;
import io.vwmedia.launcher.client.PublishedWatcher;
import io.vwmedia.launcher.client.UploadSubmitter;
import io.vwmedia.launcher.stack.EmbeddedStack;
import io.vwmedia.launcher.stack.StartupTimeline;
import io.vwmedia.topology.template.TemplateCatalog;
import io.vwmedia.worker.WorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vw-media run}: the main job on the embedded default, from files to published HLS + DASH. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the embedded stack (in-JVM Kafka, local storage), pushes each FILE through the pipeline and waits",
      "until every asset is terminal. Exits 0 only if every asset was published (DEGRADED counts as published),",
      "1 if any FAILED, 3 if any was still running at the timeout."
    })
public final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Video files to publish.")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "Print exactly one JSON object per asset per line on stdout, and nothing else.")
  boolean json;

  @Option(names = "--sample", description = "Also publish a generated 10-second 1080p sample clip (the default when no FILE is given).")
  boolean sample;

  @Option(names = "--template", defaultValue = TemplateCatalog.DEFAULT_TEMPLATE, description = "Ladder template (default: ${DEFAULT-VALUE}).")
  String template;

  @Option(names = "--segment-seconds", paramLabel = "SECONDS",
      description = "Segment duration for these assets, a multiple of the template's GOP (default: the template's).")
  Double segmentSeconds;

  @Option(names = "--upload-interval", defaultValue = "PT0S", paramLabel = "DURATION",
      description = "Upload the files this far apart, in the order given, ISO-8601 (default: all at once): a steady"
          + " arrival rate, for load tests and the cluster simulation's calibration.")
  Duration uploadInterval;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Also write where the time went to FILE (JSON): when each part of the start-up was ready, and every"
          + " asset's records through the topics with their times (bench/overhead.sh reads it).")
  Path trace;

  @Option(names = "--timeout", defaultValue = "PT2H", description = "How long to wait for every asset, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    if (uploadInterval.isNegative()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--upload-interval " + uploadInterval + ": give a duration of 0 or more, e.g. PT45S");
    }
    Path dataDir = common.dataDir.toAbsolutePath();
    List<Path> inputs = new ArrayList<>();
    for (Path f : files) {
      inputs.add(f.toAbsolutePath().normalize());
    }
    if (sample || inputs.isEmpty()) {
      inputs.add(SampleClip.ensure(WorkerConfig.from(common.settings()).ffmpeg(), dataDir, 10));
    }
    Map<String, Path> assets = new LinkedHashMap<>();
    for (Path input : inputs) {
      assets.put(assetIdFor(input), input);
    }
    TerminalProgress progress = TerminalProgress.forConsole(assets::containsKey);
    Map<String, AssetPublished> results;
    Map<String, List<AssetTrace.Hop>> hops = Map.of();
    AssetTrace tracing = null;
    try (EmbeddedStack stack = EmbeddedStack.start(dataDir, readingFilesGiven(common.settings(), inputs), progress, false);
        PublishedWatcher watcher = new PublishedWatcher(stack.connection(), stack.serdes().assetPublished(), false);
        UploadSubmitter submitter = new UploadSubmitter(stack.connection(), stack.serdes().uploadRequested())) {
      // uploads are stamped when sent: wait until the topology runs so upload -> published is the pipeline's time,
      // not the stack's start-up (which the whole command's time still shows)
      stack.awaitTopologyRunning(Duration.ofSeconds(60));
      StartupTimeline.process().mark("topology-running");
      tracing = trace == null ? null : new AssetTrace(stack.connection(), stack.serdes(), assets.keySet());
      String correlation = "run-" + UUID.randomUUID();
      int sent = 0;
      for (Map.Entry<String, Path> asset : assets.entrySet()) {
        if (sent++ > 0) {
          Thread.sleep(uploadInterval.toMillis());
        }
        submitter.submit(UploadRequested.newBuilder()
            .setAssetId(asset.getKey())
            .setSourceUri(asset.getValue().toUri().toString())
            .setTemplateId(template)
            .setOverrides(segmentSeconds == null ? null
                : TemplateOverrides.newBuilder().setSegmentSeconds(segmentSeconds).build())
            .setCorrelationId(correlation)
            .setRequestedAt(Instant.now())
            .build());
        StartupTimeline.process().mark("upload-accepted");
      }
      Map<String, AssetPublished> firstPlayable = new java.util.HashMap<>();
      Map<String, AssetPublished> firstVersion = new java.util.HashMap<>();
      results = watcher.await(assets.keySet(), Instant.now().plus(timeout), event -> {
        progress.assetFinished(event.getAssetId());
        out.println(json ? JsonReport.line(event, firstPlayable.get(event.getAssetId()), firstVersion.get(event.getAssetId()))
            : humanLine(event));
        out.flush();
      }, playable -> {
        firstPlayable.putIfAbsent(playable.getAssetId(), playable);
        if (playable.getManifestVersion() > 0) {
          firstVersion.putIfAbsent(playable.getAssetId(), playable);
        }
      });
      StartupTimeline.process().mark("all-terminal");
      if (tracing != null) {
        tracing.close();
        hops = tracing.hops();
      }
    } finally {
      if (tracing != null) tracing.close();
    }
    StartupTimeline.process().mark("closed");
    if (trace != null) {
      TraceReport.write(trace, StartupTimeline.process(), hops);
    }
    int exit = 0;
    for (String assetId : assets.keySet()) {
      AssetPublished r = results.get(assetId);
      if (r == null) {
        System.err.println("vw-media: " + assetId + " (" + assets.get(assetId) + ") was not terminal within " + timeout);
        exit = Math.max(exit, 3);
      } else if (r.getStatus() == AssetStatus.FAILED) {
        exit = Math.max(exit, 1);
      }
    }
    return exit;
  }

  /** The file's name, made a valid asset id, plus a short random suffix so runs never collide. */
  /**
   * The settings, with the folders of the files given on the command line added to those sources may be read from
   * ({@code vw.source.file-roots}, the working directory by default): {@code run} may read what it was handed, and
   * nothing a file it was handed points at elsewhere.
   */
  static Settings readingFilesGiven(Settings settings, List<Path> inputs) {
    Set<String> roots = new LinkedHashSet<>();
    settings.find(SourceSettings.FILE_ROOTS).orElse(List.of(Path.of("").toAbsolutePath())).forEach(r -> roots.add(r.toString()));
    for (Path input : inputs) {
      roots.add(input.getParent().toString());
      try {
        roots.add(input.toRealPath().getParent().toString());
      } catch (IOException e) {
        // a missing file: the source policy says so, in the asset's FAILED event
      }
    }
    return settings.with(Map.of(SourceSettings.FILE_ROOTS.key(), String.join(",", roots)));
  }

  static String assetIdFor(Path input) {
    String base = input.getFileName().toString().replaceFirst("\\.[^.]*$", "")
        .replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[.-]+", "");
    if (base.isEmpty()) base = "asset";
    if (base.length() > 100) base = base.substring(0, 100);
    return base + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String humanLine(AssetPublished e) {
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s %s", e.getStatus(), e.getAssetId()));
    if (e.getHlsUrl() != null) {
      s.append("\n  HLS  ").append(e.getHlsUrl()).append("\n  DASH ").append(e.getDashUrl());
    }
    e.getRenditions().forEach(r -> s.append(String.format(Locale.ROOT, "%n  %-6s %-8s %s", r.getName(), r.getStatus(),
        r.getCodecs() == null ? (r.getError() == null ? "" : r.getError())
            : r.getWidth() > 0 ? r.getWidth() + "x" + r.getHeight() + " " + r.getBandwidth() / 1000 + " kbit/s peak " + r.getCodecs()
            : r.getBandwidth() / 1000 + " kbit/s " + r.getCodecs())));
    if (e.getReason() != null) {
      s.append("\n  reason: ").append(e.getReason());
    }
    return s.toString();
  }
}
