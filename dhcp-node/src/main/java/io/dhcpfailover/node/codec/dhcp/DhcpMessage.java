package io.dhcpfailover.node.codec.dhcp;

import java.util.Arrays;

/**
 * A BOOTP/DHCP message (RFC 2131 §2, fixed header of 236 bytes, then the magic cookie and options).
 * Immutable. Addresses are IPv4 as {@code int} in network order ({@link
 * io.dhcpfailover.node.util.Ipv4}).
 *
 * @param op 1 BOOTREQUEST, 2 BOOTREPLY
 * @param chaddr the 16-byte client hardware address field, as on the wire
 * @param sname the 64-byte server name field, as on the wire (holds options under overload 2/3)
 * @param file the 128-byte boot file field, as on the wire (holds options under overload 1/3)
 * @param cookie true when the magic cookie 99.130.83.99 was present (a DHCP or vendor-extended
 *     BOOTP message); false for plain RFC 951 BOOTP
 * @param options all options, overloaded and split ones already joined
 * @param trailingBytes how many bytes followed END on the wire (padding), so that a decoded
 *     message re-encodes byte for byte; replies built by the server use 0 and let the encoder pad
 */
public record DhcpMessage(
    int op,
    int htype,
    int hlen,
    int hops,
    int xid,
    int secs,
    int flags,
    int ciaddr,
    int yiaddr,
    int siaddr,
    int giaddr,
    byte[] chaddr,
    byte[] sname,
    byte[] file,
    boolean cookie,
    DhcpOptions options,
    int trailingBytes) {

  public static final int BOOTREQUEST = 1;
  public static final int BOOTREPLY = 2;
  public static final int FLAG_BROADCAST = 0x8000;
  public static final int MAGIC_COOKIE = 0x63825363;

  public DhcpMessage {
    chaddr = fixed(chaddr, 16, "chaddr");
    sname = fixed(sname, 64, "sname");
    file = fixed(file, 128, "file");
    if (options == null) {
      options = DhcpOptions.empty();
    }
  }

  private static byte[] fixed(byte[] field, int length, String name) {
    if (field == null) {
      return new byte[length];
    }
    if (field.length != length) {
      throw new IllegalArgumentException(name + " must be " + length + " bytes, was " + field.length);
    }
    return field.clone();
  }

  @Override
  public byte[] chaddr() {
    return chaddr.clone();
  }

  @Override
  public byte[] sname() {
    return sname.clone();
  }

  @Override
  public byte[] file() {
    return file.clone();
  }

  /** The option 53 message type, or null for BOOTP or an unknown type. */
  public DhcpMessageType messageType() {
    long t = options.getUnsigned(DhcpOptionCode.MESSAGE_TYPE.code(), -1);
    return t < 0 ? null : DhcpMessageType.fromCode((int) t);
  }

  public boolean broadcast() {
    return (flags & FLAG_BROADCAST) != 0;
  }

  /** The first {@code hlen} bytes of chaddr (at most 16). */
  public byte[] hardwareAddress() {
    return Arrays.copyOf(chaddr, Math.min(Math.max(hlen, 0), 16));
  }

  /** A copy with other options (and everything else kept). */
  public DhcpMessage withOptions(DhcpOptions newOptions) {
    return new DhcpMessage(
        op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
        file, cookie, newOptions, trailingBytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhcpMessage m
        && m.op == op
        && m.htype == htype
        && m.hlen == hlen
        && m.hops == hops
        && m.xid == xid
        && m.secs == secs
        && m.flags == flags
        && m.ciaddr == ciaddr
        && m.yiaddr == yiaddr
        && m.siaddr == siaddr
        && m.giaddr == giaddr
        && Arrays.equals(m.chaddr, chaddr)
        && Arrays.equals(m.sname, sname)
        && Arrays.equals(m.file, file)
        && m.cookie == cookie
        && m.options.equals(options)
        && m.trailingBytes == trailingBytes;
  }

  @Override
  public int hashCode() {
    return xid * 31 + Arrays.hashCode(chaddr);
  }

  @Override
  public String toString() {
    return "DhcpMessage{op=" + op + ", xid=" + Integer.toHexString(xid) + ", type=" + messageType()
        + ", chaddr=" + io.dhcpfailover.node.util.Hex.colon(hardwareAddress())
        + ", ciaddr=" + io.dhcpfailover.node.util.Ipv4.format(ciaddr)
        + ", yiaddr=" + io.dhcpfailover.node.util.Ipv4.format(yiaddr)
        + ", giaddr=" + io.dhcpfailover.node.util.Ipv4.format(giaddr)
        + ", options=" + options + "}";
  }
}
