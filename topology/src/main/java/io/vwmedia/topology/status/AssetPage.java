package io.vwmedia.topology.status;

import java.util.List;

/**
 * One page of {@code GET /api/assets}, newest first. With several topology instances it covers the assets of the
 * partitions this instance holds; each instance answers for its own.
 *
 * @param total assets known to this instance
 * @param next the cursor for {@code ?before=} to read the page after this one; null on the last page
 */
public record AssetPage(List<AssetView> assets, int total, int limit, String next) {}
