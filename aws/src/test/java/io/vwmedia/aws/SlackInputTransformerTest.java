package io.vwmedia.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * infrastructure/eventbridge/slack-input-transformer.json, the input transformer Terraform gives the rule that posts
 * alerts to Slack, read against the sample event vw-media puts (alert-event.sample.json), as EventBridge would:
 * each path is looked up in the event, each placeholder filled in with the value found.
 */
class SlackInputTransformerTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path DIR = Path.of("..", "infrastructure", "eventbridge");
  static final Pattern PLACEHOLDER = Pattern.compile("<([A-Za-z0-9_.-]+)>");

  JsonNode sample;
  Map<String, String> paths;
  String template;

  @BeforeEach
  void read() throws Exception {
    sample = JSON.readTree(Files.readString(DIR.resolve("alert-event.sample.json"), StandardCharsets.UTF_8));
    JsonNode transformer = JSON.readTree(Files.readString(DIR.resolve("slack-input-transformer.json"),
        StandardCharsets.UTF_8));
    assertThat(transformer.fieldNames()).toIterable().containsExactlyInAnyOrder("InputPathsMap", "InputTemplate");
    paths = new LinkedHashMap<>();
    transformer.get("InputPathsMap").properties().forEach(f -> paths.put(f.getKey(), f.getValue().asText()));
    template = transformer.get("InputTemplate").asText();
  }

  /** The node {@code $.a.b} names in {@code event}, walking one field at a time; empty when a field is missing. */
  private static Optional<JsonNode> find(JsonNode event, String path) {
    assertThat(path).as("a JSONPath from the root").startsWith("$.");
    JsonNode node = event;
    for (String field : path.substring(2).split("\\.")) {
      if (!node.isObject() || !node.has(field)) {
        return Optional.empty();
      }
      node = node.get(field);
    }
    return Optional.of(node);
  }

  private List<String> placeholders() {
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) names.add(m.group(1));
    return names;
  }

  @Test
  void everyPathIsInTheSampleEvent() {
    assertThat(paths).isNotEmpty().allSatisfy((name, path) ->
        assertThat(find(sample, path)).as(name + " = " + path).isPresent());
  }

  @Test
  void everyPlaceholderIsMappedAndEveryMappingUsed() {
    Set<String> used = new LinkedHashSet<>(placeholders());
    assertThat(used).isNotEmpty();
    assertThat(paths.keySet()).containsAll(used);
    assertThat(used).containsAll(paths.keySet());
  }

  @Test
  void theTemplateFilledInWithTheSampleIsASlackMessage() throws Exception {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (m.find()) {
      JsonNode value = find(sample, paths.get(m.group(1))).orElseThrow();
      // inside a JSON string, as every placeholder of this template is, a string goes in escaped without its quotes
      String text = value.isTextual() ? JsonNodeFactory.instance.textNode(value.asText()).toString() : value.toString();
      m.appendReplacement(filled, Matcher.quoteReplacement(
          value.isTextual() ? text.substring(1, text.length() - 1) : text));
    }
    m.appendTail(filled);

    JsonNode message = JSON.readTree(filled.toString());
    JsonNode detail = sample.get("detail");
    assertThat(message.get("text").asText()).isEqualTo("[prod] warning vw-media Asset Degraded: a1b2c3 (rung 1080p): "
        + detail.get("reason").asText() + " https://status.example.com/#/assets/a1b2c3");
    assertThat(message.at("/blocks/0/text/text").asText()).isEqualTo("vw-media Asset Degraded: a1b2c3");
    assertThat(message.at("/blocks/1/text/text").asText()).isEqualTo(detail.get("reason").asText());
  }
}
