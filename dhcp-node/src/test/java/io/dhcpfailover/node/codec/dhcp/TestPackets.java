package io.dhcpfailover.node.codec.dhcp;

import io.dhcpfailover.node.util.Hex;
import java.nio.ByteBuffer;

/** Builds request datagrams byte by byte for decoder edge cases. */
final class TestPackets {
  static final byte[] MAC = Hex.parse("02:47:43:00:02:01");
  static final int XID = 0x5a17c0de;

  private TestPackets() {}

  /** A 236-byte BOOTREQUEST header with {@code sname} and {@code file} as given (zero-padded). */
  static ByteBuffer header(int op, int hlen, int hops, byte[] sname, byte[] file, int capacity) {
    ByteBuffer b = ByteBuffer.allocate(capacity);
    b.put((byte) op).put((byte) 1).put((byte) hlen).put((byte) hops);
    b.putInt(XID).putShort((short) 0).putShort((short) 0);
    b.putInt(0).putInt(0).putInt(0).putInt(0);
    b.put(MAC).put(new byte[10]);
    b.put(sname).put(new byte[64 - sname.length]);
    b.put(file).put(new byte[128 - file.length]);
    return b;
  }

  /** A DHCP request: header, magic cookie, then {@code optionsHex} as the options area. */
  static byte[] request(String optionsHex) {
    return request(new byte[0], new byte[0], optionsHex);
  }

  /** A DHCP request with {@code sname}/{@code file} fields and {@code optionsHex} as options. */
  static byte[] request(byte[] sname, byte[] file, String optionsHex) {
    byte[] options = hex(optionsHex);
    ByteBuffer b = header(1, 6, 0, sname, file, 240 + options.length);
    b.putInt(DhcpMessage.MAGIC_COOKIE).put(options);
    return b.array();
  }

  /** Plain BOOTP: the header followed by {@code vendorBytes} zero bytes. */
  static byte[] bootp(int vendorBytes) {
    return header(1, 6, 0, new byte[0], new byte[0], 236 + vendorBytes).array();
  }

  /** Hex digits with optional whitespace between them. */
  static byte[] hex(String digits) {
    return Hex.parse(digits.replaceAll("\\s", ""));
  }

  static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
