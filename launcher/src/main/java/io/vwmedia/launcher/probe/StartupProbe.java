package io.vwmedia.launcher.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.ffmpeg.process.FfmpegProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Loads a manifest {@code runs} times in a real web player, each load in a fresh browser context (nothing cached
 * between loads) with the player's default configuration, by running the harness once for all of them. The process
 * goes through vw-media's one process runner, so a hung browser is killed with everything it started.
 */
public final class StartupProbe {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Starting Node and Chromium, and closing each context, on top of the loads' own timeouts. */
  private static final Duration OVERHEAD = Duration.ofSeconds(60);
  private static final Duration PER_LOAD_OVERHEAD = Duration.ofSeconds(10);

  private final PlayerHarness harness;

  public StartupProbe(PlayerHarness harness) {
    this.harness = harness;
  }

  /**
   * What was asked: which manifest, in which player, how many times, over which network, and how many loads before
   * those are not counted (the browser's own first-use costs: its media pipeline starting, the player compiled).
   */
  public record Request(String url, StartupPlayer player, int runs, NetworkProfile network, int warmupLoads) {}

  /**
   * Every load, in order, each handed to {@code onLoad} as it finishes; a load the harness never reported (the
   * browser did not start, the harness was killed) is there too, failed with the harness's last words.
   *
   * @throws IOException the harness could not be started at all (no Node.js)
   */
  public List<StartupLoad> run(Request request, Consumer<StartupLoad> onLoad) throws IOException, InterruptedException {
    List<StartupLoad> loads = new ArrayList<>();
    FfmpegProcess.Result result = FfmpegProcess.of(command(request))
        .timeout(OVERHEAD.plus(harness.loadTimeout().plus(PER_LOAD_OVERHEAD)
            .multipliedBy(request.runs() + request.warmupLoads())))
        .onStdoutLine(line -> parse(line).ifPresent(load -> {
          loads.add(load);
          onLoad.accept(load);
        }))
        .run();
    for (int n = loads.size() + 1; n <= request.runs(); n++) {
      String why = result.timedOut() ? "the harness timed out" : "the harness exited with " + result.exitCode();
      StartupLoad missing = StartupLoad.missing(n, why + " before this load: " + result.stderrTail(3));
      loads.add(missing);
      onLoad.accept(missing);
    }
    return loads;
  }

  private List<String> command(Request request) {
    List<String> cmd = new ArrayList<>(List.of(harness.node(), harness.script().toString(),
        "--player", request.player().harnessName(), "--url", request.url(), "--loads", String.valueOf(request.runs()),
        "--warmup", String.valueOf(request.warmupLoads()),
        "--first-frame-only", "--defaults", "--chromium", harness.chromium().toString(),
        "--timeout-ms", String.valueOf(harness.loadTimeout().toMillis())));
    request.network().throttle().ifPresent(t -> cmd.addAll(List.of("--throttle", t)));
    return cmd;
  }

  private static Optional<StartupLoad> parse(String line) {
    if (!line.startsWith("{")) return Optional.empty();
    try {
      return Optional.of(StartupLoad.fromJson(JSON.readTree(line)));
    } catch (JsonProcessingException e) {
      return Optional.empty(); // not a result line
    }
  }
}
