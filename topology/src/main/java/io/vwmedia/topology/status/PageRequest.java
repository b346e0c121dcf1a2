package io.vwmedia.topology.status;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which page of the asset list a request asks for: {@code ?limit=} (default 50, at most 500), and either
 * {@code ?before=} (the {@code next} cursor of the page before: the assets after it, stable while new ones arrive)
 * or {@code ?page=} (1-based, by position). Newest first by requested time, then by asset id.
 */
public record PageRequest(int limit, Cursor before, int page) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** Newest first: the order of the list and of its cursors. */
  static final Comparator<AssetView> NEWEST_FIRST = Comparator
      .comparing((AssetView a) -> Cursor.of(a).requestedAtMillis()).reversed()
      .thenComparing(AssetView::assetId);

  /**
   * Where a page ended: the last asset's requested time (epoch ms) and id, written {@code 1718000000000:asset-id}.
   */
  public record Cursor(long requestedAtMillis, String assetId) {

    static Cursor of(AssetView asset) {
      String at = asset.timings().requestedAt();
      return new Cursor(at == null ? 0 : java.time.Instant.parse(at).toEpochMilli(), asset.assetId());
    }

    static Cursor parse(String text) {
      int colon = text.indexOf(':');
      try {
        return new Cursor(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("before must be a cursor such as 1718000000000:asset-id (a page's next), was '"
            + text + "'");
      }
    }

    /** Whether {@code asset} comes after this cursor in {@link #NEWEST_FIRST} order. */
    boolean precedes(AssetView asset) {
      Cursor other = of(asset);
      return other.requestedAtMillis < requestedAtMillis
          || (other.requestedAtMillis == requestedAtMillis && other.assetId.compareTo(assetId) > 0);
    }

    @Override
    public String toString() {
      return requestedAtMillis + ":" + assetId;
    }
  }

  /** The request in a URL's raw query (null: the first page); {@link IllegalArgumentException} names a bad value. */
  public static PageRequest parse(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    int limit = number(params, "limit", DEFAULT_LIMIT, MAX_LIMIT);
    int page = number(params, "page", 1, Integer.MAX_VALUE);
    Cursor before = params.containsKey("before") ? Cursor.parse(params.get("before")) : null;
    if (before != null && params.containsKey("page")) {
      throw new IllegalArgumentException("give before or page, not both");
    }
    return new PageRequest(limit, before, page);
  }

  /** This page of {@code assets}, in any order, the {@code total} of them. */
  public AssetPage of(Stream<AssetView> assets) {
    List<AssetView> all = assets.sorted(NEWEST_FIRST).toList();
    List<AssetView> after = before == null ? all : all.stream().filter(before::precedes).toList();
    int from = before == null ? (int) Math.min((long) (page - 1) * limit, after.size()) : 0;
    List<AssetView> shown = after.subList(from, Math.min(from + limit, after.size()));
    String next = from + shown.size() < after.size() ? Cursor.of(shown.get(shown.size() - 1)).toString() : null;
    return new AssetPage(shown, all.size(), limit, next);
  }

  private static int number(Map<String, String> params, String name, int defaultValue, int max) {
    String text = params.get(name);
    if (text == null) return defaultValue;
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= max) return n;
    } catch (NumberFormatException e) {
      // told below
    }
    throw new IllegalArgumentException(name + " must be a whole number from 1 to " + max + ", was '" + text + "'");
  }
}
