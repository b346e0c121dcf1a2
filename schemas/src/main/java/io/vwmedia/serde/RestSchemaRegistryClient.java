package io.vwmedia.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A client of the Confluent Schema Registry REST API, which Confluent's registry, Apicurio Registry (under
 * {@code /apis/ccompat/v7}) and others serve. Ids and schemas are cached both ways, so a running pipeline asks
 * the registry once per schema. Connection errors and 5xx answers are retried a few times with backoff.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final int ATTEMPTS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();

  /** @param baseUrl e.g. {@code http://registry:8081} or {@code http://apicurio:8080/apis/ccompat/v7} */
  public RestSchemaRegistryClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Override
  public int register(String subject, Schema schema) {
    String key = subject + "\n" + schema;
    Integer cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
    JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/subjects/" + encode(subject) + "/versions"))
        .header("Content-Type", CONTENT_TYPE)
        .header("Accept", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build(), "registering a schema under subject " + subject);
    if (!answer.has("id")) {
      throw new SerializationException("schema registry " + baseUrl + " answered without an id: " + answer);
    }
    int id = answer.get("id").asInt();
    ids.put(key, id);
    byId.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public Schema schemaById(int id) {
    Schema cached = byId.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = call(HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id))
        .header("Accept", CONTENT_TYPE)
        .GET()
        .build(), "looking up schema id " + id);
    Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
    byId.putIfAbsent(id, schema);
    return byId.get(id);
  }

  private JsonNode call(HttpRequest request, String what) {
    SerializationException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          return JSON.readTree(response.body());
        }
        String detail = "schema registry " + baseUrl + " answered HTTP " + status + " " + response.body().strip() + " when " + what;
        if (status == 404 && what.startsWith("looking up")) {
          throw new SerializationException("unknown schema id: " + detail);
        }
        if (status < 500) {
          throw new SerializationException(detail);
        }
        last = new SerializationException(detail);
      } catch (IOException e) {
        last = new SerializationException("schema registry " + baseUrl + " unreachable when " + what + ": " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SerializationException("interrupted when " + what, e);
      }
      try {
        Thread.sleep(200L << attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw last;
      }
    }
    throw last;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {}
}
