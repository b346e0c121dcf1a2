package io.vwmedia.worker.cmaf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Walks ISO BMFF boxes held in memory: just enough of ISO/IEC 14496-12 to read CMAF init and media segments. */
final class Boxes {

  /**
   * One box: its four-character type and its payload (after the header), as a read-only view, and where it starts in
   * the buffer it was parsed from (for top-level boxes of a file: the byte offset in the file).
   */
  record Box(String type, ByteBuffer payload, int offset) {
    List<Box> children() {
      return Boxes.parse(payload.duplicate());
    }

    List<Box> children(int skip) {
      ByteBuffer b = payload.duplicate();
      b.position(b.position() + skip);
      return Boxes.parse(b.slice());
    }

    Optional<Box> child(String childType) {
      return children().stream().filter(c -> c.type.equals(childType)).findFirst();
    }

    Box require(String childType) {
      return child(childType)
          .orElseThrow(() -> new CmafFormatException("box '" + type + "' has no '" + childType + "' box"));
    }

    List<Box> all(String childType) {
      return children().stream().filter(c -> c.type.equals(childType)).toList();
    }
  }

  private Boxes() {}

  static List<Box> parse(ByteBuffer data) {
    ByteBuffer b = data.duplicate();
    List<Box> boxes = new ArrayList<>();
    while (b.remaining() >= 8) {
      int start = b.position();
      long size = Integer.toUnsignedLong(b.getInt());
      String type = fourcc(b.getInt());
      int header = 8;
      if (size == 1) {
        size = b.getLong();
        header = 16;
      } else if (size == 0) {
        size = b.limit() - start;
      }
      if (size < header || start + size > b.limit()) {
        throw new CmafFormatException("truncated or corrupt '" + type + "' box at byte " + start);
      }
      ByteBuffer payload = b.duplicate();
      payload.position(start + header).limit((int) (start + size));
      boxes.add(new Box(type, payload.slice(), start - data.position()));
      b.position((int) (start + size));
    }
    return boxes;
  }

  static Box find(List<Box> boxes, String... path) {
    List<Box> level = boxes;
    Box found = null;
    for (String type : path) {
      found = level.stream()
          .filter(x -> x.type().equals(type))
          .findFirst()
          .orElseThrow(() -> new CmafFormatException("no '" + type + "' box on path " + String.join("/", path)));
      level = found.children();
    }
    return found;
  }

  /** A box of {@code type} holding {@code parts} one after the other, with a 32-bit size. */
  static byte[] box(String type, byte[]... parts) {
    int size = 8;
    for (byte[] part : parts) {
      size += part.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).putInt(size).put(type.getBytes(StandardCharsets.ISO_8859_1));
    for (byte[] part : parts) {
      b.put(part);
    }
    return b.array();
  }

  /** A parsed box written out again, header and payload. */
  static byte[] whole(Box box) {
    ByteBuffer payload = box.payload().duplicate();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    return box(box.type(), bytes);
  }

  static String fourcc(int value) {
    return new String(
        new char[] {
          (char) ((value >>> 24) & 0xff), (char) ((value >>> 16) & 0xff), (char) ((value >>> 8) & 0xff), (char) (value & 0xff)
        });
  }
}
