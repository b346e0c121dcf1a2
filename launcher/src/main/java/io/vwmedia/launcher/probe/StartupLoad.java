package io.vwmedia.launcher.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * One load of the manifest in a fresh browser context, as the harness reported it. Times are from the player's
 * load call: to the element's {@code loadedmetadata} (the player is ready), to the first video frame shown, and to
 * when the harness stopped waiting.
 *
 * @param number 1 for the first load
 * @param errors what the player, the element or the page raised; a load with any, or with no first frame, failed
 */
public record StartupLoad(int number, OptionalLong firstFrameMs, OptionalLong readyMs, OptionalLong elapsedMs,
    List<String> errors) {

  public StartupLoad {
    errors = List.copyOf(errors);
  }

  /** A load that never reported: the harness ended before it (the reason is the harness's stderr). */
  static StartupLoad missing(int number, String reason) {
    return new StartupLoad(number, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), List.of(reason));
  }

  /** One line of play.mjs's output. */
  static StartupLoad fromJson(JsonNode result) {
    List<String> errors = new ArrayList<>();
    result.path("errors").forEach(e -> errors.add(e.asText()));
    return new StartupLoad(result.path("load").asInt(), millis(result, "firstFrameMs"), millis(result, "readyMs"),
        millis(result, "elapsedMs"), errors);
  }

  public boolean failed() {
    return firstFrameMs.isEmpty() || !errors.isEmpty();
  }

  /** Why the load failed, for the report; empty when it did not. */
  public String reason() {
    if (!errors.isEmpty()) return String.join("; ", errors);
    return firstFrameMs.isEmpty() ? "no first frame before the load timed out" : "";
  }

  /** From the player ready to the first frame: what the player and the first segment cost once it knew the stream. */
  public OptionalLong readyToFirstFrameMs() {
    return firstFrameMs.isPresent() && readyMs.isPresent()
        ? OptionalLong.of(Math.max(0, firstFrameMs.getAsLong() - readyMs.getAsLong())) : OptionalLong.empty();
  }

  private static OptionalLong millis(JsonNode result, String field) {
    JsonNode n = result.path(field);
    return n.isNumber() ? OptionalLong.of(n.asLong()) : OptionalLong.empty();
  }
}
