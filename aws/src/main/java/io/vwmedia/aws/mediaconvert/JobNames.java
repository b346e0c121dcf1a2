package io.vwmedia.aws.mediaconvert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one name of an asset's attempt on the managed leg, used where AWS makes a name idempotent: the Step Functions
 * execution name and MediaConvert's request token. Letters, digits, '-' and '_' (what CloudWatch logging accepts),
 * the attempt last; an asset id with other characters, or too long, is cut and followed by a hash of the whole, so
 * two assets never share a name.
 */
public final class JobNames {

  private JobNames() {}

  public static String of(String assetId, int attempt, int maxLength) {
    String suffix = "-a" + attempt;
    String safe = assetId.replaceAll("[^A-Za-z0-9_-]", "-");
    if (safe.equals(assetId) && safe.length() + suffix.length() <= maxLength) {
      return safe + suffix;
    }
    String hash = "-" + sha256(assetId).substring(0, 12);
    int keep = Math.min(safe.length(), maxLength - suffix.length() - hash.length());
    return safe.substring(0, keep) + hash + suffix;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
