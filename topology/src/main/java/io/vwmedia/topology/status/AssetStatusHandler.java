package io.vwmedia.topology.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vwmedia.observability.http.OpsEndpoints;
import java.io.IOException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status API over HTTP, mounted at {@value #PATH}: {@code GET /api/assets} (a page, newest first; see
 * {@link PageRequest}) and {@code GET /api/assets/{id}} (one asset, 404 when unknown, a 307 to the instance holding
 * it). JSON; 503 while the store is rebalancing, 400 for a bad query.
 */
public final class AssetStatusHandler implements HttpHandler {

  public static final String PATH = "/api/assets";
  private static final Logger log = LoggerFactory.getLogger(AssetStatusHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AssetStatusQueries queries;

  public AssetStatusHandler(AssetStatusQueries queries) {
    this.queries = queries;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      try {
        if (path.equals(PATH) || path.equals(PATH + "/")) {
          json(exchange, 200, queries.list(PageRequest.parse(exchange.getRequestURI().getRawQuery())));
        } else if (path.startsWith(PATH + "/") && path.indexOf('/', PATH.length() + 1) < 0) {
          one(exchange, path.substring(PATH.length() + 1));
        } else {
          json(exchange, 404, error("no such resource: " + path));
        }
      } catch (IllegalArgumentException e) {
        json(exchange, 400, error(e.getMessage()));
      } catch (InvalidStateStoreException e) {
        log.debug("asset-progress store not queryable now", e);
        exchange.getResponseHeaders().set("Retry-After", "1");
        json(exchange, 503, error("the asset-progress store is not available on this instance now (starting or"
            + " rebalancing): " + e.getMessage()));
      }
    }
  }

  private void one(HttpExchange exchange, String assetId) throws IOException {
    AssetStatusQueries.Lookup lookup = queries.find(assetId);
    if (lookup instanceof AssetStatusQueries.Lookup.Found found) {
      json(exchange, 200, found.asset());
    } else if (lookup instanceof AssetStatusQueries.Lookup.Elsewhere there) {
      String holder = there.host() + ":" + there.port();
      exchange.getResponseHeaders().set("Location", "http://" + holder + PATH + "/" + assetId);
      json(exchange, 307, error("asset " + assetId + " is held by the topology instance at " + holder));
    } else {
      json(exchange, 404, error("no asset " + assetId));
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    OpsEndpoints.send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }
}
