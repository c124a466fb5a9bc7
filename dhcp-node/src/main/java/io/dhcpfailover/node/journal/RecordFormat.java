package io.dhcpfailover.node.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk record: {@code magic:u8, version:u8, length:i32, sequence:i64, crc:u32, payload}. The
 * CRC32C covers the sequence (8 bytes, big-endian) and the payload.
 */
final class RecordFormat {
  static final byte MAGIC = (byte) 0xDC;
  static final byte VERSION = 1;
  static final int HEADER_BYTES = 1 + 1 + 4 + 8 + 4;

  private RecordFormat() {}

  static int size(byte[] payload) {
    return HEADER_BYTES + payload.length;
  }

  static void put(ByteBuffer buf, long sequence, byte[] payload) {
    buf.put(MAGIC);
    buf.put(VERSION);
    buf.putInt(payload.length);
    buf.putLong(sequence);
    buf.putInt(crc(sequence, payload, 0, payload.length));
    buf.put(payload);
  }

  static int crc(long sequence, byte[] payload, int offset, int length) {
    CRC32C crc = new CRC32C();
    byte[] seq = new byte[8];
    for (int i = 0; i < 8; i++) {
      seq[i] = (byte) (sequence >>> (56 - 8 * i));
    }
    crc.update(seq, 0, 8);
    crc.update(payload, offset, length);
    return (int) crc.getValue();
  }
}
