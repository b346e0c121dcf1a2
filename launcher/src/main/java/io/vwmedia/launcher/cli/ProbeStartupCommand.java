package io.vwmedia.launcher.cli;

import io.vwmedia.config.Settings;
import io.vwmedia.launcher.probe.NetworkProfile;
import io.vwmedia.launcher.probe.PlayerHarness;
import io.vwmedia.launcher.probe.StartupLoad;
import io.vwmedia.launcher.probe.StartupMeters;
import io.vwmedia.launcher.probe.StartupPlayer;
import io.vwmedia.launcher.probe.StartupProbe;
import io.vwmedia.launcher.probe.StartupReport;
import io.vwmedia.launcher.probe.StartupStats;
import io.vwmedia.observability.metrics.ProcessMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vw-media probe-startup}: the story's synthetic startup check ({@code story-startup}) run from anywhere. It
 * loads a published manifest in a real web player N times and holds the p95 of load → first frame to a threshold,
 * the same check Datadog's synthetic browser test makes from the cloud (infrastructure/datadog/).
 */
@Command(
    name = "probe-startup",
    mixinStandardHelpOptions = true,
    description = "Loads a manifest N times in a real web player in headless Chromium (a fresh browser context each"
        + " load, the player's defaults) and reports p50/p95 of load → first frame and of player ready → first frame."
        + " Exit 0 when the p95 is within --max-p95 and no load failed, 1 otherwise, 2 on a usage error.")
public final class ProbeStartupCommand implements Callable<Integer> {

  /** The story's threshold for the p95 of load → first frame; the Datadog synthetic alerts at the same. */
  public static final String DEFAULT_MAX_P95_SECONDS = "2.5";
  public static final String SERVICE = "vw-media-probe";
  static final int SLOW_OR_FAILED = 1;

  @Spec CommandLine.Model.CommandSpec spec;
  @Mixin CommonOptions common;

  @Parameters(paramLabel = "URL", description = "The manifest: an HLS master (.m3u8) or a DASH MPD (.mpd).")
  String url;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "10", description = "Loads (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--network", paramLabel = "KBPS:LATENCY_MS", converter = NetworkConverter.class,
      description = "Throttle each load (Chromium DevTools emulation), e.g. 9000:40; default: unthrottled.")
  NetworkProfile network = NetworkProfile.UNTHROTTLED;

  @Option(names = "--max-p95", paramLabel = "SECONDS", defaultValue = DEFAULT_MAX_P95_SECONDS,
      description = "Most the p95 of load → first frame may be (default: ${DEFAULT-VALUE}).")
  double maxP95Seconds;

  @Option(names = "--player", paramLabel = "PLAYER", defaultValue = "auto",
      description = "auto (hls.js for .m3u8, Shaka for .mpd), hls.js, shaka or dashjs (default: ${DEFAULT-VALUE}).")
  String player;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "1",
      description = "Loads before the measured ones, not counted: a browser just started pays costs a viewer's does"
          + " not (default: ${DEFAULT-VALUE}; 0 counts the cold first load).")
  int warmup;

  @Option(names = "--json", description = "Print one JSON object instead of the table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    StartupProbe.Request request = new StartupProbe.Request(url, player(), checkedRuns(), network, checkedWarmup());
    long maxP95Ms = checkedMaxP95Ms();
    Settings settings = common.settings();
    PrintWriter err = spec.commandLine().getErr();
    PlayerHarness harness;
    try {
      harness = PlayerHarness.locate(settings);
    } catch (PlayerHarness.UnavailableException e) {
      err.println("vw-media: " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    List<StartupLoad> loads;
    try (ProcessMetrics metrics = ProcessMetrics.start(SERVICE, settings)) {
      StartupMeters meters = new StartupMeters(metrics.registry(), request.player(), request.network());
      loads = new StartupProbe(harness).run(request, load -> {
        meters.record(load);
        err.println(progress(load, request.runs()));
      });
    } catch (IOException e) {
      err.println("vw-media: " + e.getMessage() + ": install Node.js (apt-get install nodejs; bin/vw-media does), or"
          + " set vw.probe.node to it");
      return CommandLine.ExitCode.USAGE;
    }
    StartupReport report = new StartupReport(request, loads, StartupStats.of(loads), maxP95Ms);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? report.json() + "\n" : report.table());
    out.flush();
    return report.passed() ? CommandLine.ExitCode.OK : SLOW_OR_FAILED;
  }

  private StartupPlayer player() {
    if (player.equals("auto")) {
      return StartupPlayer.forManifest(url).orElseThrow(() -> usage(
          "cannot tell the player from " + url + " (not .m3u8 nor .mpd): give --player hls.js, shaka or dashjs"));
    }
    return StartupPlayer.named(player).orElseThrow(() -> usage(
        "--player " + player + " is not one of auto, hls.js, shaka, dashjs"));
  }

  private int checkedRuns() {
    if (runs < 1 || runs > 1000) throw usage("--runs " + runs + ": give 1 to 1000 loads");
    return runs;
  }

  private int checkedWarmup() {
    if (warmup < 0 || warmup > 10) throw usage("--warmup " + warmup + ": give 0 to 10 loads");
    return warmup;
  }

  private long checkedMaxP95Ms() {
    if (!(maxP95Seconds > 0)) throw usage("--max-p95 " + maxP95Seconds + ": give a number of seconds above 0");
    return Math.round(maxP95Seconds * 1000);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  private static String progress(StartupLoad load, int runs) {
    String what = load.failed() ? "failed: " + load.reason()
        : String.format(Locale.ROOT, "first frame %.2f s", load.firstFrameMs().getAsLong() / 1000.0);
    return "load " + load.number() + "/" + runs + ": " + what;
  }

  /** {@code KBPS:LATENCY_MS} as a {@link NetworkProfile}; anything else is a usage error. */
  static final class NetworkConverter implements CommandLine.ITypeConverter<NetworkProfile> {
    @Override
    public NetworkProfile convert(String value) {
      try {
        return NetworkProfile.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
