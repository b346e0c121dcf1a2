package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each Slack rule of alerts.tf turns the events it matches into a Slack message: the input transformer it reads from
 * infrastructure/eventbridge/ finds every path it maps in a sample of those events, maps every placeholder of its
 * template, and its template is a Slack message (JSON with a text) once filled in. (vw-media's own transformer is
 * read against the real alert in the aws module's SlackInputTransformerTest too.)
 */
class TerraformAlertRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EVENTBRIDGE = InfraChecks.ROOT.resolve("infrastructure/eventbridge");
  private static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");

  /** Each transformer alerts.tf reads, with a sample of the events its rule matches. */
  private static final Map<String, String> SAMPLES = Map.of(
      "slack-input-transformer.json", "alert-event.sample.json",
      "slack-mediaconvert-input-transformer.json", "mediaconvert-job-error.sample.json",
      "slack-stepfunctions-input-transformer.json", "stepfunctions-execution-failed.sample.json");

  @Test
  void everyTransformerTheRulesReadHasASampleEvent() throws Exception {
    String config = TerraformRoot.repository().config().dump().toString();
    Set<String> read = new TreeSet<>();
    Matcher m = Pattern.compile("eventbridge/([A-Za-z0-9.-]+\\.json)").matcher(config);
    while (m.find()) {
      read.add(m.group(1));
    }

    assertThat(read).containsExactlyInAnyOrderElementsOf(SAMPLES.keySet());
  }

  @Test
  void eachTransformerMapsPathsItsEventsHaveAndEveryPlaceholderItUses() throws Exception {
    for (var entry : SAMPLES.entrySet()) {
      JsonNode transformer = JSON.readTree(Files.readString(EVENTBRIDGE.resolve(entry.getKey())));
      JsonNode sample = JSON.readTree(Files.readString(EVENTBRIDGE.resolve(entry.getValue())));
      Set<String> mapped = new LinkedHashSet<>();
      transformer.get("InputPathsMap").properties().forEach(f -> {
        mapped.add(f.getKey());
        String pointer = f.getValue().asText().replaceFirst("^\\$", "").replace('.', '/');
        assertThat(sample.at(pointer).isMissingNode()).as("%s: %s in %s", entry.getKey(), f.getValue(), entry.getValue()).isFalse();
      });
      String template = transformer.get("InputTemplate").asText();

      assertThat(placeholders(template)).as(entry.getKey()).containsExactlyInAnyOrderElementsOf(mapped);
      JsonNode message = JSON.readTree(PLACEHOLDER.matcher(template).replaceAll("x"));
      assertThat(message.get("text").asText()).as(entry.getKey()).isNotBlank();
    }
  }

  private static Set<String> placeholders(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
