package io.vwmedia.launcher.probe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The network a load is throttled to (Chromium's DevTools emulation, as bench/startup.sh uses): throughput in kbit/s
 * and added round-trip latency; {@link #UNTHROTTLED} for the machine's own.
 */
public record NetworkProfile(int kbps, int latencyMs) {

  public static final NetworkProfile UNTHROTTLED = new NetworkProfile(0, 0);
  private static final Pattern FORM = Pattern.compile("(\\d{1,7}):(\\d{1,5})");

  /** {@code KBPS:LATENCY_MS}, e.g. {@code 9000:40}. */
  public static NetworkProfile parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches() || Integer.parseInt(m.group(1)) == 0) {
      throw new IllegalArgumentException("'" + text + "' is not KBPS:LATENCY_MS, e.g. 9000:40 (9 Mbit/s, 40 ms)");
    }
    return new NetworkProfile(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** The {@code network} tag of the meters and what the report shows: {@code 9000:40} or {@code unthrottled}. */
  public String tag() {
    return throttle().orElse("unthrottled");
  }

  /** play.mjs's {@code --throttle} value, when throttled. */
  Optional<String> throttle() {
    return kbps > 0 ? Optional.of(kbps + ":" + latencyMs) : Optional.empty();
  }
}
