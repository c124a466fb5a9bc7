package io.dhcpfailover.node.journal;

import io.dhcpfailover.node.lease.BindingState;
import io.dhcpfailover.node.lease.Lease;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link Lease} as a journal payload and back.
 *
 * <p>Layout of version 1 (big-endian): {@code version:u8, address:i32, state:u8, clientId,
 * hardware, hostname, start:i64, end:i64, cltt:i64, tstp:i64, tsfp:i64, flags:i32}, where each
 * variable field is {@code length:u16} followed by that many bytes, and length {@code 0xFFFF}
 * stands for null (the hostname is UTF-8). Decoding checks every length against the bytes left and
 * rejects trailing bytes, so a damaged payload raises {@link LeaseRecordException} instead of
 * producing a wrong lease.
 */
public final class LeaseRecordCodec {
  /** The payload version written by {@link #encode}. */
  public static final int VERSION = 1;

  private static final int NULL_LENGTH = 0xFFFF;
  private static final int MAX_FIELD_LENGTH = 0xFFFE;
  private static final int FIXED_BYTES = 1 + 4 + 1 + 3 * 2 + 5 * 8 + 4;

  private LeaseRecordCodec() {}

  /**
   * The payload of {@code lease}.
   *
   * @throws IllegalArgumentException when a variable field is longer than 65534 bytes
   */
  public static byte[] encode(Lease lease) {
    byte[] clientId = lease.clientId();
    byte[] hardware = lease.hardware();
    byte[] hostname =
        lease.hostname() == null ? null : lease.hostname().getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(FIXED_BYTES + length(clientId) + length(hardware) + length(hostname));
    buf.put((byte) VERSION);
    buf.putInt(lease.address());
    buf.put((byte) lease.state().code());
    putField(buf, clientId, "clientId");
    putField(buf, hardware, "hardware");
    putField(buf, hostname, "hostname");
    buf.putLong(lease.start());
    buf.putLong(lease.end());
    buf.putLong(lease.cltt());
    buf.putLong(lease.tstp());
    buf.putLong(lease.tsfp());
    buf.putInt(lease.flags());
    return buf.array();
  }

  /**
   * The lease in {@code payload}.
   *
   * @throws LeaseRecordException when the payload is truncated, has trailing bytes, an unknown
   *     version or binding state, or a host name that is not UTF-8
   */
  public static Lease decode(byte[] payload) {
    ByteBuffer buf = ByteBuffer.wrap(payload);
    need(buf, 1, "version");
    int version = buf.get() & 0xff;
    if (version != VERSION) {
      throw new LeaseRecordException("unknown lease record version " + version);
    }
    need(buf, 5, "address and state");
    int address = buf.getInt();
    int code = buf.get() & 0xff;
    BindingState state = BindingState.fromCode(code);
    if (state == null) {
      throw new LeaseRecordException("unknown binding state " + code);
    }
    byte[] clientId = getField(buf, "clientId");
    byte[] hardware = getField(buf, "hardware");
    byte[] hostnameBytes = getField(buf, "hostname");
    need(buf, 5 * 8 + 4, "times and flags");
    long start = buf.getLong();
    long end = buf.getLong();
    long cltt = buf.getLong();
    long tstp = buf.getLong();
    long tsfp = buf.getLong();
    int flags = buf.getInt();
    if (buf.hasRemaining()) {
      throw new LeaseRecordException(buf.remaining() + " trailing bytes after lease record");
    }
    String hostname = hostnameBytes == null ? null : utf8(hostnameBytes);
    return new Lease(
        address, state, clientId, hardware, hostname, start, end, cltt, tstp, tsfp, flags);
  }

  private static int length(byte[] field) {
    return field == null ? 0 : field.length;
  }

  private static void putField(ByteBuffer buf, byte[] field, String name) {
    if (field == null) {
      buf.putShort((short) NULL_LENGTH);
      return;
    }
    if (field.length > MAX_FIELD_LENGTH) {
      throw new IllegalArgumentException(name + " is " + field.length + " bytes, at most 65534");
    }
    buf.putShort((short) field.length);
    buf.put(field);
  }

  private static byte[] getField(ByteBuffer buf, String name) {
    need(buf, 2, name + " length");
    int length = buf.getShort() & 0xffff;
    if (length == NULL_LENGTH) {
      return null;
    }
    need(buf, length, name);
    byte[] field = new byte[length];
    buf.get(field);
    return field;
  }

  private static void need(ByteBuffer buf, int bytes, String what) {
    if (buf.remaining() < bytes) {
      throw new LeaseRecordException(
          "lease record truncated: "
              + what
              + " needs "
              + bytes
              + " bytes, "
              + buf.remaining()
              + " left");
    }
  }

  private static String utf8(byte[] bytes) {
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new LeaseRecordException("hostname is not UTF-8");
    }
  }
}
