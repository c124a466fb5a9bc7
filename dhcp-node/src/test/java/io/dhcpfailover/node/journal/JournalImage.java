package io.dhcpfailover.node.journal;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How {@link JournalReaderFuzzTest} reads its input. The first byte chooses the mode: bit 0 set
 * means the rest lists payloads to frame as valid records (so that the fuzzer reaches the lease
 * codec through the CRC), clear means the rest is the journal file as it is; bit 1 set opens the
 * file read-only as {@code dhcp-node leases} does (no records skipped), else bits 2-3 are the
 * number of damaged records replay may skip.
 *
 * <p>A framed list is {@code [u16 n][n bytes]...}: the low 15 bits of {@code n} are the payload's
 * length and bit 15 gives the record its predecessor's sequence number instead of the next one (a
 * stale record). A payload cut short by the end of the input becomes a torn last record.
 *
 * @param image the journal file's bytes
 * @param writable whether replay may truncate the file
 * @param maxSkipped how many damaged records replay may skip
 */
record JournalImage(byte[] image, boolean writable, int maxSkipped) {

  static JournalImage parse(byte[] input) {
    if (input.length == 0) {
      return new JournalImage(input, true, 0);
    }
    int mode = input[0] & 0xff;
    byte[] rest = Arrays.copyOfRange(input, 1, input.length);
    boolean writable = (mode & 2) == 0;
    int maxSkipped = writable ? (mode >>> 2) & 3 : 0;
    byte[] image = (mode & 1) != 0 ? frame(rest) : rest;
    return new JournalImage(image, writable, maxSkipped);
  }

  /** The payloads listed in {@code spec} as journal records, sequence numbers from 1. */
  static byte[] frame(byte[] spec) {
    ByteBuffer in = ByteBuffer.wrap(spec);
    ByteBuffer out = ByteBuffer.allocate(spec.length / 2 * (RecordFormat.HEADER_BYTES + 1) + 64);
    long sequence = 0;
    while (in.remaining() >= 2) {
      int n = in.getShort() & 0xffff;
      if ((n & 0x8000) == 0 || sequence == 0) {
        sequence++;
      }
      int length = n & 0x7fff;
      byte[] payload = new byte[Math.min(length, in.remaining())];
      in.get(payload);
      out = ensure(out, RecordFormat.size(payload));
      RecordFormat.put(out, sequence, payload);
      if (payload.length < length) {
        out.position(out.position() - 1); // torn: the last byte never reached the disk
      }
    }
    return Arrays.copyOf(out.array(), out.position());
  }

  /** The framed-list form of {@code payloads}, for building seeds. */
  static byte[] spec(byte[]... payloads) {
    int size = 0;
    for (byte[] p : payloads) {
      size += 2 + p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    for (byte[] p : payloads) {
      b.putShort((short) p.length).put(p);
    }
    return b.array();
  }

  private static ByteBuffer ensure(ByteBuffer out, int more) {
    if (out.remaining() >= more) {
      return out;
    }
    ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + more));
    out.flip();
    return bigger.put(out);
  }
}
