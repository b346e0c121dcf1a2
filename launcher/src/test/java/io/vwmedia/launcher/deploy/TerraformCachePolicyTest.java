package io.vwmedia.launcher.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vwmedia.ffmpeg.encode.FfmpegCommandBuilder;
import io.vwmedia.storage.AssetLayout;
import io.vwmedia.storage.ContentTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CloudFront caches what vw-media publishes as long as the publisher's Cache-Control says (ContentTypes): a
 * manifest for its max-age (2 s: republished in place), a segment for a year (never rewritten). CloudFront keeps an
 * object for the origin's max-age clamped to [min_ttl, max_ttl] and uses default_ttl when the origin sent none, so
 * the origin's value must lie inside the range and the default must equal it. Every manifest the layout names takes
 * the manifest behaviour; segments, init segments and timelines take the default one.
 */
class TerraformCachePolicyTest {

  private static final String MANIFESTS = "${aws_cloudfront_cache_policy.manifests.id}";
  private static final String SEGMENTS = "${aws_cloudfront_cache_policy.segments.id}";

  private static TerraformConfig config;

  @BeforeAll
  static void parse() throws Exception {
    config = TerraformRoot.repository().config();
  }

  @Test
  void manifestsAreCachedForThePublishersMaxAge() {
    assertHonours(config.resource("aws_cloudfront_cache_policy", "manifests"), maxAge(ContentTypes.MANIFEST_CACHE_CONTROL));
  }

  @Test
  void segmentsAreCachedForThePublishersMaxAge() {
    assertHonours(config.resource("aws_cloudfront_cache_policy", "segments"), maxAge(ContentTypes.SEGMENT_CACHE_CONTROL));
  }

  @Test
  void everyManifestTheLayoutNamesTakesTheManifestPolicy() {
    for (String key : List.of(AssetLayout.masterPlaylist("a1"), AssetLayout.dashManifest("a1"), AssetLayout.masterPlaylist("a1", 3),
        AssetLayout.dashManifest("a1", 3), AssetLayout.mediaPlaylist("a1", "720p"), AssetLayout.iframePlaylist("a1", "720p"))) {
      assertThat(ContentTypes.isManifest(key)).as(key).isTrue();
      assertThat(cachePolicyFor("/" + key)).as("cache policy of /%s", key).isEqualTo(MANIFESTS);
    }
  }

  @Test
  void segmentsInitSegmentsAndTimelinesTakeTheSegmentPolicy() {
    String rung = AssetLayout.rungPrefix("a1", "720p");
    for (String key : List.of(rung + String.format(FfmpegCommandBuilder.SEGMENT_PATTERN, 1), rung + FfmpegCommandBuilder.INIT_SEGMENT,
        AssetLayout.timeline("a1", "720p"))) {
      assertThat(ContentTypes.cacheControl(key)).as(key).isEqualTo(ContentTypes.SEGMENT_CACHE_CONTROL);
      assertThat(cachePolicyFor("/" + key)).as("cache policy of /%s", key).isEqualTo(SEGMENTS);
    }
  }

  private static void assertHonours(JsonNode policy, long maxAge) {
    assertThat(policy.get("min_ttl").asLong()).as("min_ttl").isLessThanOrEqualTo(maxAge);
    assertThat(policy.get("max_ttl").asLong()).as("max_ttl").isGreaterThanOrEqualTo(maxAge);
    assertThat(policy.get("default_ttl").asLong()).as("default_ttl").isEqualTo(maxAge);
  }

  private static long maxAge(String cacheControl) {
    Matcher m = Pattern.compile("max-age=(\\d+)").matcher(cacheControl);
    assertThat(m.find()).as(cacheControl).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** The cache policy CloudFront applies to a path: the first ordered behaviour whose pattern matches, else the default. */
  private static String cachePolicyFor(String path) {
    JsonNode distribution = config.resource("aws_cloudfront_distribution", "outputs");
    return orderedBehaviours(distribution).stream()
        .filter(b -> TerraformConfig.iamMatches(b.getKey(), path))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(distribution.get("default_cache_behavior").get(0).get("cache_policy_id").asText());
  }

  /** (path pattern, cache policy) of each ordered behaviour, written out or made by a dynamic block over patterns. */
  private static List<Map.Entry<String, String>> orderedBehaviours(JsonNode distribution) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (JsonNode b : distribution.path("ordered_cache_behavior")) {
      out.add(Map.entry(b.get("path_pattern").asText(), b.get("cache_policy_id").asText()));
    }
    for (JsonNode dynamic : distribution.path("dynamic").path("ordered_cache_behavior")) {
      JsonNode content = dynamic.get("content").get(0);
      assertThat(content.get("path_pattern").asText()).isEqualTo("${ordered_cache_behavior.value}");
      for (String pattern : TerraformConfig.texts(dynamic.get("for_each"))) {
        out.add(Map.entry(pattern, content.get("cache_policy_id").asText()));
      }
    }
    return out;
  }
}
