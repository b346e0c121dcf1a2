package io.vwmedia.worker.cmaf;

import io.vwmedia.worker.cmaf.Boxes.Box;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads CMAF init and media segments as FFmpeg wrote them, so the manifests carry the exact codec strings and
 * segment timeline of the bytes on disk rather than what we asked the encoder for.
 */
public final class CmafInspector {

  private static final int SAMPLE_IS_NON_SYNC = 0x00010000;

  private CmafInspector() {}

  public static TrackInfo readInit(Path init) throws IOException {
    List<Box> top = Boxes.parse(ByteBuffer.wrap(Files.readAllBytes(init)));
    Box trak = Boxes.find(top, "moov", "trak");
    Box mdia = trak.require("mdia");
    long timescale = mdhdTimescale(mdia.require("mdhd").payload());
    String handler = handlerType(mdia.require("hdlr").payload());
    Box stsd = Boxes.find(mdia.children(), "minf", "stbl", "stsd");
    Box entry = stsd.children(8).get(0);
    long defaultDuration = 0;
    var mvex = Boxes.find(top, "moov").child("mvex");
    if (mvex.isPresent()) {
      var trex = mvex.get().child("trex");
      if (trex.isPresent()) {
        ByteBuffer t = trex.get().payload().duplicate();
        t.position(4 + 4 + 4);
        defaultDuration = Integer.toUnsignedLong(t.getInt());
      }
    }
    return switch (entry.type()) {
      case "avc1", "avc3" -> visual(handler, timescale, entry, "avcC", defaultDuration);
      case "hvc1", "hev1" -> visual(handler, timescale, entry, "hvcC", defaultDuration);
      case "mp4a" -> audio(handler, timescale, entry, defaultDuration);
      default -> throw new CmafFormatException("unsupported sample entry '" + entry.type() + "' in " + init);
    };
  }

  public static FragmentInfo readSegment(Path segment, TrackInfo track) throws IOException {
    List<Box> top = Boxes.parse(ByteBuffer.wrap(Files.readAllBytes(segment)));
    long base = -1;
    long firstCompositionOffset = 0;
    long duration = 0;
    int samples = 0;
    Boolean firstSync = null;
    long firstSampleEnd = 0;
    for (Box moof : top.stream().filter(b -> b.type().equals("moof")).toList()) {
      for (Box traf : moof.all("traf")) {
        ByteBuffer tfhd = traf.require("tfhd").payload().duplicate();
        int tfhdFlags = tfhd.getInt() & 0xffffff;
        tfhd.getInt(); // track id
        // where sample data offsets count from: an explicit base, else the enclosing moof (CMAF's default-base-is-moof)
        long dataBase = (tfhdFlags & 0x01) != 0 ? tfhd.getLong() : moof.offset();
        if ((tfhdFlags & 0x02) != 0) tfhd.getInt();
        long defaultDuration = (tfhdFlags & 0x08) != 0 ? Integer.toUnsignedLong(tfhd.getInt()) : track.defaultSampleDuration();
        long defaultSize = (tfhdFlags & 0x10) != 0 ? Integer.toUnsignedLong(tfhd.getInt()) : 0;
        int defaultFlags = (tfhdFlags & 0x20) != 0 ? tfhd.getInt() : 0;
        if (base < 0) {
          ByteBuffer tfdt = traf.require("tfdt").payload().duplicate();
          int version = tfdt.get() & 0xff;
          tfdt.position(4);
          base = version == 1 ? tfdt.getLong() : Integer.toUnsignedLong(tfdt.getInt());
        }
        for (Box trun : traf.all("trun")) {
          ByteBuffer t = trun.payload().duplicate();
          int versionAndFlags = t.getInt();
          boolean signedOffsets = (versionAndFlags >>> 24) != 0;
          int flags = versionAndFlags & 0xffffff;
          int count = t.getInt();
          long dataOffset = (flags & 0x01) != 0 ? t.getInt() : 0;
          Integer firstSampleFlags = (flags & 0x04) != 0 ? t.getInt() : null;
          for (int i = 0; i < count; i++) {
            long d = (flags & 0x100) != 0 ? Integer.toUnsignedLong(t.getInt()) : defaultDuration;
            long size = (flags & 0x200) != 0 ? Integer.toUnsignedLong(t.getInt()) : defaultSize;
            if (i == 0 && firstSync == null) {
              firstSampleEnd = dataBase + dataOffset + size;
            }
            int sampleFlags = (flags & 0x400) != 0 ? t.getInt() : defaultFlags;
            long compositionOffset = 0;
            if ((flags & 0x800) != 0) {
              int raw = t.getInt();
              compositionOffset = signedOffsets ? raw : Integer.toUnsignedLong(raw);
            }
            if (i == 0 && firstSync == null) {
              firstCompositionOffset = compositionOffset;
              int f = firstSampleFlags != null ? firstSampleFlags : sampleFlags;
              firstSync = (f & SAMPLE_IS_NON_SYNC) == 0;
            }
            duration += d;
          }
          samples += count;
        }
      }
    }
    if (base < 0) {
      throw new CmafFormatException("no movie fragment in " + segment);
    }
    return new FragmentInfo(base, base + firstCompositionOffset, duration, samples, Boolean.TRUE.equals(firstSync), firstSampleEnd);
  }

  private static long mdhdTimescale(ByteBuffer mdhd) {
    ByteBuffer b = mdhd.duplicate();
    int version = b.get() & 0xff;
    b.position(4 + (version == 1 ? 16 : 8));
    return Integer.toUnsignedLong(b.getInt());
  }

  private static String handlerType(ByteBuffer hdlr) {
    ByteBuffer b = hdlr.duplicate();
    b.position(8);
    return Boxes.fourcc(b.getInt());
  }

  private static TrackInfo visual(String handler, long timescale, Box entry, String configType, long defaultDuration) {
    ByteBuffer b = entry.payload().duplicate();
    b.position(24);
    int width = Short.toUnsignedInt(b.getShort());
    int height = Short.toUnsignedInt(b.getShort());
    Box config = entry.children(78).stream()
        .filter(c -> c.type().equals(configType))
        .findFirst()
        .orElseThrow(() -> new CmafFormatException("'" + entry.type() + "' has no '" + configType + "'"));
    String codecs = configType.equals("avcC") ? avcCodecs(entry.type(), config.payload()) : hevcCodecs(entry.type(), config.payload());
    return new TrackInfo(handler, timescale, codecs, width, height, 0, 0, defaultDuration);
  }

  /** RFC 6381: avc1.PPCCLL from the AVCDecoderConfigurationRecord's profile, compatibility and level. */
  static String avcCodecs(String fourcc, ByteBuffer avcC) {
    ByteBuffer b = avcC.duplicate();
    b.get(); // configurationVersion
    return String.format(Locale.ROOT, "%s.%02x%02x%02x", fourcc, b.get() & 0xff, b.get() & 0xff, b.get() & 0xff);
  }

  /** ISO/IEC 14496-15 Annex E: hvc1.[space]profile.compat.tierlevel.constraints. */
  static String hevcCodecs(String fourcc, ByteBuffer hvcC) {
    ByteBuffer b = hvcC.duplicate();
    b.get();
    int p = b.get() & 0xff;
    int space = p >>> 6;
    boolean highTier = (p & 0x20) != 0;
    int profile = p & 0x1f;
    int compat = b.getInt();
    byte[] constraints = new byte[6];
    b.get(constraints);
    int level = b.get() & 0xff;
    StringBuilder s = new StringBuilder(fourcc).append('.');
    if (space > 0) s.append((char) ('A' + space - 1));
    s.append(profile).append('.').append(Integer.toHexString(Integer.reverse(compat)).toUpperCase(Locale.ROOT));
    s.append('.').append(highTier ? 'H' : 'L').append(level);
    int last = constraints.length;
    while (last > 0 && constraints[last - 1] == 0) last--;
    for (int i = 0; i < last; i++) s.append('.').append(Integer.toHexString(constraints[i] & 0xff).toUpperCase(Locale.ROOT));
    return s.toString();
  }

  private static TrackInfo audio(String handler, long timescale, Box entry, long defaultDuration) {
    ByteBuffer b = entry.payload().duplicate();
    b.position(16);
    int channels = Short.toUnsignedInt(b.getShort());
    b.position(24);
    int sampleRate = (int) (Integer.toUnsignedLong(b.getInt()) >>> 16);
    Box esds = entry.children(28).stream()
        .filter(c -> c.type().equals("esds"))
        .findFirst()
        .orElseThrow(() -> new CmafFormatException("'mp4a' has no 'esds'"));
    return new TrackInfo(handler, timescale, mp4aCodecs(esds.payload()), 0, 0, channels, sampleRate, defaultDuration);
  }

  /** RFC 6381 for MPEG-4 audio: mp4a.OTI(hex).AudioObjectType, e.g. mp4a.40.2 for AAC-LC. */
  static String mp4aCodecs(ByteBuffer esds) {
    ByteBuffer b = esds.duplicate();
    b.position(4);
    int objectType = -1;
    int audioObjectType = -1;
    while (b.remaining() > 2) {
      int tag = b.get() & 0xff;
      int length = descriptorLength(b);
      if (tag == 0x03) {
        b.getShort();
        int flags = b.get() & 0xff;
        if ((flags & 0x80) != 0) b.getShort();
        if ((flags & 0x40) != 0) b.position(b.position() + (b.get() & 0xff));
        if ((flags & 0x20) != 0) b.getShort();
      } else if (tag == 0x04) {
        objectType = b.get() & 0xff;
        b.position(b.position() + 12);
      } else if (tag == 0x05) {
        int first = b.get() & 0xff;
        audioObjectType = first >>> 3;
        if (audioObjectType == 31) {
          int second = b.get() & 0xff;
          audioObjectType = 32 + (((first & 0x07) << 3) | (second >>> 5));
        }
        break;
      } else {
        b.position(b.position() + length);
      }
    }
    if (objectType < 0) {
      throw new CmafFormatException("esds has no DecoderConfigDescriptor");
    }
    String oti = String.format(Locale.ROOT, "mp4a.%02x", objectType);
    return audioObjectType > 0 ? oti + "." + audioObjectType : oti;
  }

  private static int descriptorLength(ByteBuffer b) {
    int length = 0;
    for (int i = 0; i < 4; i++) {
      int c = b.get() & 0xff;
      length = (length << 7) | (c & 0x7f);
      if ((c & 0x80) == 0) break;
    }
    return length;
  }
}
