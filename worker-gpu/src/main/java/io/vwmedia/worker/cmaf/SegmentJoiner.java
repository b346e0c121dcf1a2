package io.vwmedia.worker.cmaf;

import io.vwmedia.worker.cmaf.MovieFragment.Sample;
import io.vwmedia.worker.cmaf.MovieFragment.SegmentIndex;
import io.vwmedia.worker.cmaf.MovieFragment.TrackFragmentHeader;
import io.vwmedia.worker.cmaf.MovieFragment.Trun;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes consecutive fragments of one track as one CMAF segment laid out as FFmpeg lays out a whole rung's: the
 * first fragment's {@code styp}, a {@code sidx} with one reference, one {@code moof} whose one {@code trun} lists
 * every sample, one {@code mdat} with their bytes. The segment gets the fragment sequence number ({@code mfhd}) and
 * the decode time ({@code tfdt}, and the {@code sidx}'s earliest presentation time) it has in the whole rung: a
 * chunk's encode starts its own numbering and timeline at 1 and 0, and FFmpeg has no option to start them elsewhere
 * without an edit list, which would make the chunk's init segment differ from the rung's.
 */
final class SegmentJoiner {

  private SegmentJoiner() {}

  /**
   * @param fragments in decode order, all of one track
   * @param sequenceNumber the segment's fragment sequence number in the rung
   * @param shift ticks added to every decode and presentation time
   */
  static byte[] join(List<MovieFragment> fragments, int sequenceNumber, long shift) {
    MovieFragment first = fragments.get(0);
    List<Sample> samples = new ArrayList<>();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (MovieFragment f : fragments) {
      samples.addAll(f.samples());
      data.writeBytes(f.data());
    }
    TrackFragmentHeader header = first.header();
    byte[] mfhd = Boxes.box("mfhd", ByteBuffer.allocate(8).putInt(0).putInt(sequenceNumber).array());
    byte[] tfhd = Boxes.box("tfhd", tfhd(header));
    byte[] tfdt = Boxes.box("tfdt", ByteBuffer.allocate(12).putInt(0x01000000).putLong(first.decodeTime() + shift).array());
    int moofSize = Boxes.box("moof", mfhd, Boxes.box("traf", tfhd, tfdt, trun(samples, header, 0))).length;
    // default-base-is-moof: the first sample's bytes follow the moof and the mdat's 8-byte header
    byte[] moof = Boxes.box("moof", mfhd, Boxes.box("traf", tfhd, tfdt, trun(samples, header, moofSize + 8)));
    byte[] mdat = Boxes.box("mdat", data.toByteArray());
    long duration = samples.stream().mapToLong(Sample::duration).sum();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(first.styp());
    if (first.sidx() != null) {
      out.writeBytes(sidx(first.sidx(), shift, moof.length + mdat.length, duration));
    }
    out.writeBytes(moof);
    out.writeBytes(mdat);
    return out.toByteArray();
  }

  /** The first fragment's header, its sample data now counted from the joined {@code moof}. */
  private static byte[] tfhd(TrackFragmentHeader h) {
    int kept = h.flags() & (TrackFragmentHeader.SAMPLE_DESCRIPTION_INDEX | TrackFragmentHeader.DEFAULT_DURATION
        | TrackFragmentHeader.DEFAULT_SIZE | TrackFragmentHeader.DEFAULT_FLAGS);
    ByteBuffer b = ByteBuffer.allocate(28).putInt(kept | TrackFragmentHeader.DEFAULT_BASE_IS_MOOF).putInt(h.trackId());
    if (h.has(TrackFragmentHeader.SAMPLE_DESCRIPTION_INDEX)) {
      b.putInt((int) h.sampleDescriptionIndex());
    }
    if (h.has(TrackFragmentHeader.DEFAULT_DURATION)) {
      b.putInt((int) h.defaultDuration());
    }
    if (h.has(TrackFragmentHeader.DEFAULT_SIZE)) {
      b.putInt((int) h.defaultSize());
    }
    if (h.has(TrackFragmentHeader.DEFAULT_FLAGS)) {
      b.putInt(h.defaultFlags());
    }
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  /**
   * One run of every sample, each field written per sample only where the header's default does not hold for all of
   * them (as FFmpeg decides it): sync flags on the first sample alone go into the first-sample flags.
   */
  private static byte[] trun(List<Sample> samples, TrackFragmentHeader h, int dataOffset) {
    boolean durations = samples.stream().anyMatch(s -> s.duration() != h.defaultDuration());
    boolean sizes = !h.has(TrackFragmentHeader.DEFAULT_SIZE) || samples.stream().anyMatch(s -> s.size() != h.defaultSize());
    boolean restDefault = h.has(TrackFragmentHeader.DEFAULT_FLAGS)
        && samples.stream().skip(1).allMatch(s -> s.flags() == h.defaultFlags());
    boolean firstFlags = restDefault && samples.get(0).flags() != h.defaultFlags();
    boolean flags = !restDefault;
    boolean offsets = samples.stream().anyMatch(s -> s.compositionOffset() != 0);
    boolean negative = samples.stream().anyMatch(s -> s.compositionOffset() < 0);
    int trunFlags = Trun.DATA_OFFSET | (firstFlags ? Trun.FIRST_SAMPLE_FLAGS : 0) | (durations ? Trun.SAMPLE_DURATION : 0)
        | (sizes ? Trun.SAMPLE_SIZE : 0) | (flags ? Trun.SAMPLE_FLAGS : 0) | (offsets ? Trun.COMPOSITION_OFFSET : 0);
    int perSample = 4 * Integer.bitCount(trunFlags & 0xf00);
    ByteBuffer b = ByteBuffer.allocate(16 + perSample * samples.size())
        .putInt((negative ? 1 << 24 : 0) | trunFlags)
        .putInt(samples.size())
        .putInt(dataOffset);
    if (firstFlags) {
      b.putInt(samples.get(0).flags());
    }
    for (Sample s : samples) {
      if (durations) {
        b.putInt((int) s.duration());
      }
      if (sizes) {
        b.putInt((int) s.size());
      }
      if (flags) {
        b.putInt(s.flags());
      }
      if (offsets) {
        b.putInt((int) s.compositionOffset());
      }
    }
    return Boxes.box("trun", java.util.Arrays.copyOf(b.array(), b.position()));
  }

  /** The first fragment's index, moved by {@code shift} and referencing the whole joined fragment. */
  private static byte[] sidx(SegmentIndex index, long shift, long referencedSize, long duration) {
    ByteBuffer b = ByteBuffer.allocate(44).putInt(index.version() << 24).putInt(index.referenceId())
        .putInt((int) index.timescale());
    if (index.version() == 0) {
      b.putInt((int) (index.earliestPresentationTime() + shift)).putInt(0);
    } else {
      b.putLong(index.earliestPresentationTime() + shift).putLong(0);
    }
    b.putShort((short) 0).putShort((short) 1)
        .putInt((int) referencedSize) // reference type 0: media
        .putInt((int) duration)
        .putInt(index.sap());
    return Boxes.box("sidx", java.util.Arrays.copyOf(b.array(), b.position()));
  }
}
