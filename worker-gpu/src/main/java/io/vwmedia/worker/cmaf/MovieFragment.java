package io.vwmedia.worker.cmaf;

import io.vwmedia.worker.cmaf.Boxes.Box;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One fMP4 fragment file as FFmpeg's HLS muxer writes it ({@code styp}, {@code sidx}, {@code moof}, {@code mdat}), read
 * down to its samples: each sample's duration, size, flags and composition offset resolved from the {@code trun},
 * {@code tfhd} and the init's {@code trex}, and the samples' bytes in decode order. Enough to write the same samples
 * again as part of a longer fragment ({@link SegmentJoiner}); a box it does not know in a track fragment (encryption,
 * sample groups) is refused rather than dropped.
 *
 * @param styp the segment type box, whole, or empty if there is none
 * @param sidx the segment index, or null if there is none
 * @param header the first track fragment's header
 * @param decodeTime the first sample's decode time ({@code tfdt})
 * @param samples every sample, in decode order
 * @param data the samples' bytes, in the same order
 */
record MovieFragment(byte[] styp, SegmentIndex sidx, TrackFragmentHeader header, long decodeTime, List<Sample> samples,
    byte[] data) {

  /** A sample as a {@code trun} entry describes it, every field resolved. */
  record Sample(long duration, long size, int flags, long compositionOffset) {}

  /**
   * The fields of a {@code tfhd} a joined fragment keeps (not an explicit base offset: joined fragments count from
   * their {@code moof}).
   */
  record TrackFragmentHeader(int flags, int trackId, long sampleDescriptionIndex, long defaultDuration, long defaultSize,
      int defaultFlags) {

    static final int SAMPLE_DESCRIPTION_INDEX = 0x02;
    static final int DEFAULT_DURATION = 0x08;
    static final int DEFAULT_SIZE = 0x10;
    static final int DEFAULT_FLAGS = 0x20;
    static final int DEFAULT_BASE_IS_MOOF = 0x020000;

    boolean has(int flag) {
      return (flags & flag) != 0;
    }
  }

  /** A {@code sidx} with one reference, as FFmpeg writes one per segment. */
  record SegmentIndex(int version, int referenceId, long timescale, long earliestPresentationTime, int sap) {}

  private static final Set<String> TRAF_BOXES = Set.of("tfhd", "tfdt", "trun");
  private static final int BASE_DATA_OFFSET = 0x01;

  static MovieFragment read(Path file, TrackInfo track) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<Box> top = Boxes.parse(ByteBuffer.wrap(bytes));
    byte[] styp = new byte[0];
    SegmentIndex sidx = null;
    TrackFragmentHeader header = null;
    long decodeTime = -1;
    List<Sample> samples = new ArrayList<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (Box box : top) {
      switch (box.type()) {
        case "styp" -> styp = Boxes.whole(box);
        case "sidx" -> sidx = sidx(box.payload());
        case "moof" -> {
          for (Box child : box.children()) {
            if (child.type().equals("mfhd")) {
              continue;
            }
            if (!child.type().equals("traf")) {
              throw new CmafFormatException("unexpected '" + child.type() + "' box in a movie fragment of " + file);
            }
            for (Box unknown : child.children()) {
              if (!TRAF_BOXES.contains(unknown.type())) {
                throw new CmafFormatException("cannot join fragments with a '" + unknown.type() + "' box: " + file);
              }
            }
            TrackFragmentHeader tfhd = header(child.require("tfhd").payload(), track);
            header = header == null ? tfhd : header;
            if (decodeTime < 0) {
              decodeTime = decodeTime(child.require("tfdt").payload());
            }
            long base = (tfhd.flags() & BASE_DATA_OFFSET) != 0
                ? child.require("tfhd").payload().getLong(8) : box.offset();
            long next = base;
            for (Box trun : child.all("trun")) {
              next = samples(trun.payload(), tfhd, base, next, bytes, samples, data);
            }
          }
        }
        default -> { } // mdat: read through the sample offsets; free space and the like are not samples
      }
    }
    if (header == null || decodeTime < 0) {
      throw new CmafFormatException("no movie fragment in " + file);
    }
    return new MovieFragment(styp, sidx, header, decodeTime, List.copyOf(samples), data.toByteArray());
  }

  /** Presentation time of the first sample: where the fragment starts on the timeline. */
  long earliestPresentationTime() {
    return decodeTime + samples.get(0).compositionOffset();
  }

  long duration() {
    return samples.stream().mapToLong(Sample::duration).sum();
  }

  private static TrackFragmentHeader header(ByteBuffer tfhd, TrackInfo track) {
    ByteBuffer b = tfhd.duplicate();
    int flags = b.getInt() & 0xffffff;
    int trackId = b.getInt();
    if ((flags & BASE_DATA_OFFSET) != 0) {
      b.getLong();
    }
    TrackFragmentHeader h = new TrackFragmentHeader(flags, trackId,
        (flags & TrackFragmentHeader.SAMPLE_DESCRIPTION_INDEX) != 0 ? Integer.toUnsignedLong(b.getInt()) : 0,
        (flags & TrackFragmentHeader.DEFAULT_DURATION) != 0 ? Integer.toUnsignedLong(b.getInt()) : track.defaultSampleDuration(),
        (flags & TrackFragmentHeader.DEFAULT_SIZE) != 0 ? Integer.toUnsignedLong(b.getInt()) : 0,
        (flags & TrackFragmentHeader.DEFAULT_FLAGS) != 0 ? b.getInt() : 0);
    return h;
  }

  private static long decodeTime(ByteBuffer tfdt) {
    ByteBuffer b = tfdt.duplicate();
    int version = b.get() & 0xff;
    b.position(4);
    return version == 1 ? b.getLong() : Integer.toUnsignedLong(b.getInt());
  }

  /** Reads one {@code trun}'s samples and their bytes; returns where the next run's data starts by default. */
  private static long samples(ByteBuffer trun, TrackFragmentHeader tfhd, long base, long start, byte[] file,
      List<Sample> samples, ByteArrayOutputStream data) {
    ByteBuffer t = trun.duplicate();
    int versionAndFlags = t.getInt();
    boolean signedOffsets = (versionAndFlags >>> 24) != 0;
    int flags = versionAndFlags & 0xffffff;
    int count = t.getInt();
    long offset = (flags & Trun.DATA_OFFSET) != 0 ? base + t.getInt() : start;
    Integer firstFlags = (flags & Trun.FIRST_SAMPLE_FLAGS) != 0 ? t.getInt() : null;
    if ((flags & Trun.SAMPLE_SIZE) == 0 && !tfhd.has(TrackFragmentHeader.DEFAULT_SIZE)) {
      throw new CmafFormatException("a track run gives its samples no size");
    }
    if ((flags & Trun.SAMPLE_FLAGS) == 0 && firstFlags == null && !tfhd.has(TrackFragmentHeader.DEFAULT_FLAGS)) {
      throw new CmafFormatException("a track run gives its samples no flags");
    }
    for (int i = 0; i < count; i++) {
      long duration = (flags & Trun.SAMPLE_DURATION) != 0 ? Integer.toUnsignedLong(t.getInt()) : tfhd.defaultDuration();
      long size = (flags & Trun.SAMPLE_SIZE) != 0 ? Integer.toUnsignedLong(t.getInt()) : tfhd.defaultSize();
      int sampleFlags = (flags & Trun.SAMPLE_FLAGS) != 0 ? t.getInt() : tfhd.defaultFlags();
      if (i == 0 && firstFlags != null) {
        sampleFlags = firstFlags;
      }
      long cto = 0;
      if ((flags & Trun.COMPOSITION_OFFSET) != 0) {
        int raw = t.getInt();
        cto = signedOffsets ? raw : Integer.toUnsignedLong(raw);
      }
      if (offset < 0 || offset + size > file.length) {
        throw new CmafFormatException("sample data lies outside its file");
      }
      samples.add(new Sample(duration, size, sampleFlags, cto));
      data.write(file, (int) offset, (int) size);
      offset += size;
    }
    return offset;
  }

  private static SegmentIndex sidx(ByteBuffer payload) {
    ByteBuffer b = payload.duplicate();
    int version = b.get() & 0xff;
    b.position(4);
    int referenceId = b.getInt();
    long timescale = Integer.toUnsignedLong(b.getInt());
    long ept = version == 0 ? Integer.toUnsignedLong(b.getInt()) : b.getLong();
    if (version == 0) {
      b.getInt();
    } else {
      b.getLong();
    }
    b.getShort(); // reserved
    int references = Short.toUnsignedInt(b.getShort());
    if (references != 1) {
      throw new CmafFormatException("a segment index with " + references + " references, FFmpeg writes one");
    }
    b.getInt(); // type and size
    b.getInt(); // duration
    return new SegmentIndex(version, referenceId, timescale, ept, b.getInt());
  }

  /** The {@code trun} flags. */
  static final class Trun {
    static final int DATA_OFFSET = 0x001;
    static final int FIRST_SAMPLE_FLAGS = 0x004;
    static final int SAMPLE_DURATION = 0x100;
    static final int SAMPLE_SIZE = 0x200;
    static final int SAMPLE_FLAGS = 0x400;
    static final int COMPOSITION_OFFSET = 0x800;

    private Trun() {}
  }
}
