package io.vwmedia.launcher.players;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vwmedia.launcher.cli.ProbeStartupCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * infrastructure/datadog/synthetics-story-startup.json, the body of Datadog's {@code POST /api/v1/synthetics/tests/browser}
 * for the cloud's side of the startup check, read offline: a typo or a threshold that drifted from the CLI's fails
 * here, not at deploy.
 */
class StoryStartupSyntheticTest {

  static final Path FILE = Path.of("..", "infrastructure", "datadog", "synthetics-story-startup.json");
  static JsonNode test;

  @BeforeAll
  static void read() throws Exception {
    test = new ObjectMapper().readTree(FILE.toFile());
  }

  @Test
  void isTheBrowserTestTheCloudLooksUpByName() {
    assertThat(test.path("name").asText()).isEqualTo("story-startup");
    assertThat(test.path("type").asText()).isEqualTo("browser");
    assertThat(test.path("status").asText()).isEqualTo("live");
    assertThat(test.path("locations")).isNotEmpty().allSatisfy(l -> assertThat(l.asText()).matches("aws:[a-z]+-[a-z]+-\\d"));
    assertThat(test.path("config").path("assertions").isArray()).as("browser tests take an (empty) assertions list").isTrue();
    assertThat(test.path("config").path("request").path("method").asText()).isEqualTo("GET");
  }

  @Test
  void runsEveryFiveMinutesRetriesOnceAndAlertsOnlyWhenFailingFromTwoLocations() {
    JsonNode options = test.path("options");
    assertThat(options.path("tick_every").asInt()).isEqualTo(300);
    assertThat(options.path("retry").path("count").asInt()).isEqualTo(1);
    assertThat(options.path("retry").path("interval").asInt()).as("milliseconds").isPositive();
    assertThat(options.path("min_location_failed").asInt()).isEqualTo(2);
    assertThat(options.path("device_ids")).isNotEmpty();
  }

  @Test
  void theRequestLoadsThePlayerPageOnAManifestItDeclares() {
    String url = test.path("config").path("request").path("url").asText();
    assertThat(url).startsWith("https://").contains("player=hls");
    List<String> declared = new ArrayList<>();
    test.path("config").path("configVariables").forEach(v -> declared.add(v.path("name").asText()));
    Matcher used = Pattern.compile("\\{\\{ *([A-Z_]+) *}}").matcher(url);
    while (used.find()) {
      assertThat(declared).as("variable %s of the request URL is declared", used.group(1)).contains(used.group(1));
    }
  }

  @Test
  void failsWhenTheVideoShowsNoFrameOrShowsItAfterTheCliDefaultThreshold() {
    JsonNode steps = test.path("steps");
    assertThat(steps).isNotEmpty().allSatisfy(s -> {
      assertThat(s.path("type").asText()).isEqualTo("assertFromJavascript");
      assertThat(s.path("isCritical").asBoolean()).isTrue();
      assertThat(s.path("allowFailure").asBoolean()).isFalse();
      assertThat(s.path("params").path("code").asText()).contains("window.vwResult");
    });
    assertThat(steps.get(0).path("params").path("code").asText()).contains("firstFrameMs === null", "errors");
    Matcher threshold = Pattern.compile("const thresholdMs = (\\d+);").matcher(steps.get(steps.size() - 1)
        .path("params").path("code").asText());
    assertThat(threshold.find()).as("the last step declares its threshold").isTrue();
    long cliDefaultMs = Math.round(Double.parseDouble(ProbeStartupCommand.DEFAULT_MAX_P95_SECONDS) * 1000);
    assertThat(Long.parseLong(threshold.group(1))).as("the synthetic's threshold is the CLI's --max-p95 default")
        .isEqualTo(cliDefaultMs).isEqualTo(2500);
    assertThat(test.path("options").path("monitor_name").asText()).contains("2.5 s");
  }
}
