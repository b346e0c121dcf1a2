package io.vwmedia.ffmpeg.source;

import io.vwmedia.config.ConfigException;
import io.vwmedia.config.Settings;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a source may be, checked before FFmpeg or ffprobe ever opens it: an allowed scheme; for {@code file:} a
 * regular, non-empty file under one of the allowed folders (symbolic links resolved first) and below the size
 * limit; for {@code http(s):} a host that does not resolve to a loopback, link-local, private or otherwise internal
 * address unless that is allowed; for {@code s3:} an object this process signs a short-lived URL for
 * ({@link SourceSigner}), then checked as that URL. What passes becomes an {@link FfmpegInput} that also tells FFmpeg which protocols
 * and containers it may open, so a playlist or concat list disguised as a video is refused by FFmpeg itself instead
 * of being followed to local files or other hosts.
 *
 * <p>Settings: {@link SourceSettings} ({@code vw.source.*}).
 */
public final class SourcePolicy {

  /**
   * The demuxers a source may be read with: video containers and elementary streams. Not hls, dash, concat,
   * image2, tee, or any other demuxer that opens further files or URLs named inside the source.
   */
  public static final String CONTAINERS =
      "mov,matroska,avi,mpegts,flv,mxf,ogg,asf,mpeg,ivf,h264,hevc,m4v,obu,yuv4mpegpipe,dv,gxf,nut,rm,wtv";

  private static final Set<String> KNOWN_SCHEMES = Set.of("file", "http", "https", "s3");
  private static final long GIB = 1L << 30;

  private final Set<String> schemes;
  private final List<Path> fileRoots;
  private final boolean allowPrivateHosts;
  private final long maxBytes;
  private final Duration maxDuration;
  private final int maxDimension;
  private final SourceSigner signer;

  public SourcePolicy(Set<String> schemes, List<Path> fileRoots, boolean allowPrivateHosts, long maxBytes) {
    this(schemes, fileRoots, allowPrivateHosts, maxBytes, Duration.ofHours(12), 8192);
  }

  public SourcePolicy(Set<String> schemes, List<Path> fileRoots, boolean allowPrivateHosts, long maxBytes,
      Duration maxDuration, int maxDimension) {
    this(schemes, fileRoots, allowPrivateHosts, maxBytes, maxDuration, maxDimension, null);
  }

  private SourcePolicy(Set<String> schemes, List<Path> fileRoots, boolean allowPrivateHosts, long maxBytes,
      Duration maxDuration, int maxDimension, SourceSigner signer) {
    for (String scheme : schemes) {
      if (!KNOWN_SCHEMES.contains(scheme)) {
        throw new ConfigException("vw.source.schemes: '" + scheme + "' is not one of " + KNOWN_SCHEMES);
      }
    }
    this.schemes = Set.copyOf(schemes);
    this.fileRoots = fileRoots.stream().map(SourcePolicy::real).toList();
    this.allowPrivateHosts = allowPrivateHosts;
    this.maxBytes = maxBytes;
    this.maxDuration = maxDuration;
    this.maxDimension = maxDimension;
    this.signer = signer;
  }

  /** The policy as configured; without {@code vw.source.file-roots}, local sources must be under the working directory. */
  public static SourcePolicy from(Settings s) {
    return from(s, List.of(Path.of("").toAbsolutePath()));
  }

  /** Local files under these folders, no remote source: for tests and tools that make their own sources. */
  public static SourcePolicy filesUnder(Path... roots) {
    return new SourcePolicy(Set.of("file"), List.of(roots), false, Long.MAX_VALUE);
  }

  /** The policy as configured; {@code defaultRoots} apply when {@code vw.source.file-roots} is not set. */
  public static SourcePolicy from(Settings s, List<Path> defaultRoots) {
    Set<String> schemes = new LinkedHashSet<>(s.get(SourceSettings.SCHEMES));
    List<Path> roots = s.find(SourceSettings.FILE_ROOTS).orElse(defaultRoots);
    long maxBytes = (long) (s.get(SourceSettings.MAX_GIB) * GIB);
    return new SourcePolicy(schemes, roots, s.get(SourceSettings.ALLOW_PRIVATE_HOSTS), maxBytes,
        s.get(SourceSettings.MAX_DURATION), s.get(SourceSettings.MAX_DIMENSION));
  }

  /** This policy, with files under {@code folder} allowed too (what {@code run FILE} does for its own inputs). */
  public SourcePolicy allowingFilesUnder(Path folder) {
    List<Path> roots = new ArrayList<>(fileRoots);
    roots.add(folder);
    return new SourcePolicy(schemes, roots, allowPrivateHosts, maxBytes, maxDuration, maxDimension, signer);
  }

  /** This policy, with {@code s3:} sources signed by {@code signer} (what a worker with storage credentials does). */
  public SourcePolicy withSigner(SourceSigner signer) {
    return new SourcePolicy(schemes, fileRoots, allowPrivateHosts, maxBytes, maxDuration, maxDimension, signer);
  }

  /** Whether {@code s3:} sources are allowed, so the process must give a {@link SourceSigner}. */
  public boolean allowsObjectSources() {
    return schemes.contains("s3");
  }

  public List<Path> fileRoots() {
    return fileRoots;
  }

  /** The source as FFmpeg is to open it, or why it may not be opened at all. */
  public FfmpegInput check(String sourceUri) throws SourceRefusedException {
    URI uri;
    try {
      uri = new URI(sourceUri);
    } catch (URISyntaxException | NullPointerException e) {
      throw new SourceRefusedException("the source '" + sourceUri + "' is not a URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!schemes.contains(scheme)) {
      throw new SourceRefusedException("source URI scheme '" + scheme + "' is not allowed (allowed: "
          + String.join(", ", schemes) + "; vw.source.schemes): " + sourceUri);
    }
    return switch (scheme) {
      case "file" -> localFile(uri);
      case "s3" -> object(uri);
      default -> remote(uri);
    };
  }

  /** An object of the storage: signed by this process, then fetched over http(s) like any remote source. */
  private FfmpegInput object(URI uri) throws SourceRefusedException {
    if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
      throw new SourceRefusedException("an s3: source must be s3://bucket/key, not " + uri);
    }
    if (signer == null) {
      throw new SourceRefusedException("s3: sources are allowed but this process has no storage credentials to read"
          + " them with: " + uri);
    }
    URI signed = signer.sign(uri);
    String scheme = signed.getScheme() == null ? "" : signed.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new SourceRefusedException("the object store signed " + uri + " as a URL FFmpeg may not fetch");
    }
    return remote(signed);
  }

  /** Once the source is probed: refuses one longer, or with a larger picture, than the limits. */
  public void checkMedia(double durationSeconds, int width, int height) throws SourceRefusedException {
    if (durationSeconds > maxDuration.toMillis() / 1000.0) {
      throw new SourceRefusedException(String.format(Locale.ROOT,
          "the source is %.0f s long, above the limit of %d s (vw.source.max-duration)", durationSeconds, maxDuration.toSeconds()));
    }
    if (Math.max(width, height) > maxDimension) {
      throw new SourceRefusedException("the source's picture is " + width + "x" + height + ", above the limit of "
          + maxDimension + " pixels on its longer side (vw.source.max-dimension)");
    }
  }

  private FfmpegInput localFile(URI uri) throws SourceRefusedException {
    if (uri.getAuthority() != null || uri.getPath() == null) {
      throw new SourceRefusedException("a file: source must be file:///absolute/path, not " + uri);
    }
    Path file;
    try {
      file = Path.of(uri).toRealPath();
    } catch (NoSuchFileException e) {
      throw new SourceRefusedException("the source file " + uri.getPath() + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new SourceRefusedException("the source file " + uri.getPath() + " cannot be read: " + e.getMessage());
    }
    if (fileRoots.stream().noneMatch(file::startsWith)) {
      throw new SourceRefusedException("the source file " + file + " is outside the folders sources may be read from ("
          + fileRoots + "; vw.source.file-roots)");
    }
    if (!Files.isRegularFile(file)) {
      throw new SourceRefusedException("the source " + file + " is not a regular file");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new SourceRefusedException("the source file " + file + " cannot be read: " + e.getMessage());
    }
    if (size == 0) {
      throw new SourceRefusedException("the source file is empty (0 bytes)");
    }
    if (size > maxBytes) {
      throw new SourceRefusedException(String.format(Locale.ROOT,
          "the source file is %.1f GiB, above the limit of %.1f GiB (vw.source.max-gib)", (double) size / GIB,
          (double) maxBytes / GIB));
    }
    return new FfmpegInput(List.of("-protocol_whitelist", "file", "-format_whitelist", CONTAINERS), "file:" + file);
  }

  private FfmpegInput remote(URI uri) throws SourceRefusedException {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new SourceRefusedException("the source URI " + uri + " has no host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new SourceRefusedException("the source URI may not carry credentials in it: " + uri.getScheme() + "://...@" + host);
    }
    if (!allowPrivateHosts) {
      InetAddress[] addresses;
      try {
        addresses = InetAddress.getAllByName(host);
      } catch (UnknownHostException e) {
        throw new SourceRefusedException("the source host " + host + " does not resolve");
      }
      for (InetAddress address : addresses) {
        if (internal(address)) {
          throw new SourceRefusedException("the source host " + host + " resolves to " + address.getHostAddress()
              + ", an internal address sources may not be fetched from (vw.source.allow-private-hosts)");
        }
      }
    }
    return new FfmpegInput(List.of("-protocol_whitelist", "http,https,tcp,tls", "-format_whitelist", CONTAINERS),
        uri.toString());
  }

  /** Loopback, link-local (cloud metadata endpoints), private, carrier-grade NAT, unique-local, multicast, any. */
  static boolean internal(InetAddress a) {
    if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // fc00::/7
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
        || (first == 198 && (second == 18 || second == 19)) || first >= 240;
  }

  private static Path real(Path root) {
    Path absolute = root.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException e) {
      return absolute; // a folder that does not exist yet holds no file; compared as written
    }
  }
}
