package io.vwmedia.observability.alerts;

import java.net.URI;

/** The status page alerts link to: an asset's page is {@code {base}/#/assets/{assetId}}. */
record StatusPage(URI base) {

  /** {@code alert} with its asset's page, unless it has a link already or concerns no asset. */
  Alert link(Alert alert) {
    if (alert.statusUrl() != null || alert.assetId() == null) {
      return alert;
    }
    String root = base.toString().replaceAll("/+$", "");
    return alert.withStatusUrl(root + "/#/assets/" + alert.assetId());
  }
}
