package io.dhcpfailover.node.codec.dhcp;

import io.dhcpfailover.node.codec.dhcp.MalformedPacketException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Decodes one UDP payload into a {@link DhcpMessage} (RFC 2131 §2, options RFC 2132).
 *
 * <p>Every read is preceded by a check of {@link ByteBuf#readableBytes()}; a datagram that is no
 * acceptable message ends in a {@link MalformedPacketException} with a {@link Reason}, never in a
 * runtime exception. The decoder is stateless and may be shared between threads.
 *
 * <p>What it accepts:
 *
 * <ul>
 *   <li>At least the 236-byte fixed header (RFC 2131 §2, Figure 1); {@code hlen} at most 16 (the
 *       size of {@code chaddr}) and {@code hops} at most 16 (RFC 1542 §4.1.1: relay agents discard
 *       requests whose hops exceed 16).
 *   <li>{@link #decode} takes BOOTREQUESTs only (op 1): a server never acts on a BOOTREPLY (RFC
 *       2131 §4.1). {@link #decodeAny} also takes replies.
 *   <li>A message of 236..239 bytes, or one whose vendor area starts with four zero bytes, is plain
 *       RFC 951 BOOTP: it is returned with {@code cookie() == false}, no options and the size of
 *       its vendor area as {@code trailingBytes}; the caller decides whether to serve it. Any other
 *       four bytes at offset 236 than the magic cookie 99.130.83.99 (RFC 2131 §3, RFC 1497) are
 *       rejected.
 *   <li>Options (RFC 2132 §2): PAD (0) has no length byte, END (255) stops the area, every other
 *       code, including 1, has an unsigned length byte. An option running past its area is
 *       truncated. A missing END is tolerated when the last option ends exactly at the end of its
 *       area. Bytes after END are counted as {@link DhcpMessage#trailingBytes()}.
 *   <li>Instances of one code are joined in order (RFC 3396), across the main area, {@code file}
 *       and {@code sname} in that parse order when option 52 overloads them (RFC 2131 §4.1, RFC
 *       2132 §9.3). The raw {@code file}/{@code sname} bytes are kept in the message as well.
 *   <li>With the cookie, option 53 must be present with one of RFC 2132 §9.6's eight types, and the
 *       fixed-size options the server relies on must have their RFC 2132 sizes (50, 51, 54: 4
 *       bytes; 57: 2 bytes; 61: at least 2 bytes).
 * </ul>
 */
public final class DhcpDecoder {

  /** The fixed BOOTP header, RFC 2131 §2, Figure 1. */
  public static final int HEADER_LENGTH = 236;

  /** The fixed header plus the magic cookie. */
  public static final int OPTIONS_OFFSET = 240;

  /** Largest {@code hops} accepted (RFC 1542 §4.1.1: relay agents discard above 16). */
  public static final int MAX_HOPS = 16;

  private static final int CHADDR_LENGTH = 16;
  private static final int SNAME_LENGTH = 64;
  private static final int FILE_LENGTH = 128;

  /** Creates a decoder. */
  public DhcpDecoder() {}

  /**
   * Decodes a client request (op 1) from the readable bytes of {@code buf}, consuming them.
   *
   * @throws MalformedPacketException when the datagram is no acceptable request
   */
  public DhcpMessage decode(ByteBuf buf) throws MalformedPacketException {
    return decode(buf, true);
  }

  /** Decodes a client request (op 1); see {@link #decode(ByteBuf)}. */
  public DhcpMessage decode(byte[] datagram) throws MalformedPacketException {
    return decode(Unpooled.wrappedBuffer(datagram), true);
  }

  /**
   * Decodes a request or a reply (any op), with all other checks of {@link #decode(ByteBuf)}; for
   * tools and tests that read server replies.
   */
  public DhcpMessage decodeAny(ByteBuf buf) throws MalformedPacketException {
    return decode(buf, false);
  }

  /** Decodes a request or a reply; see {@link #decodeAny(ByteBuf)}. */
  public DhcpMessage decodeAny(byte[] datagram) throws MalformedPacketException {
    return decode(Unpooled.wrappedBuffer(datagram), false);
  }

  private DhcpMessage decode(ByteBuf buf, boolean requestsOnly) throws MalformedPacketException {
    if (buf.readableBytes() < HEADER_LENGTH) {
      throw new MalformedPacketException(
          Reason.TOO_SHORT, buf.readableBytes() + " bytes, the BOOTP header alone has 236");
    }
    // The header is fixed-size and its length was checked above.
    int op = buf.readUnsignedByte();
    int htype = buf.readUnsignedByte();
    int hlen = buf.readUnsignedByte();
    int hops = buf.readUnsignedByte();
    if (requestsOnly && op != DhcpMessage.BOOTREQUEST) {
      throw new MalformedPacketException(Reason.NOT_A_REQUEST, "op " + op);
    }
    if (hlen > CHADDR_LENGTH) {
      throw new MalformedPacketException(Reason.BAD_HLEN, "hlen " + hlen);
    }
    if (hops > MAX_HOPS) {
      throw new MalformedPacketException(Reason.TOO_MANY_HOPS, "hops " + hops);
    }
    int xid = buf.readInt();
    int secs = buf.readUnsignedShort();
    int flags = buf.readUnsignedShort();
    int ciaddr = buf.readInt();
    int yiaddr = buf.readInt();
    int siaddr = buf.readInt();
    int giaddr = buf.readInt();
    byte[] chaddr = new byte[CHADDR_LENGTH];
    buf.readBytes(chaddr);
    byte[] sname = new byte[SNAME_LENGTH];
    buf.readBytes(sname);
    byte[] file = new byte[FILE_LENGTH];
    buf.readBytes(file);

    boolean cookie = hasCookie(buf);
    if (!cookie) {
      // Plain RFC 951 BOOTP: the vendor area (if any) carries no options; keep its size.
      int vendorBytes = buf.readableBytes();
      buf.skipBytes(vendorBytes);
      return new DhcpMessage(
          op,
          htype,
          hlen,
          hops,
          xid,
          secs,
          flags,
          ciaddr,
          yiaddr,
          siaddr,
          giaddr,
          chaddr,
          sname,
          file,
          false,
          DhcpOptions.empty(),
          vendorBytes);
    }
    buf.skipBytes(4);

    DhcpOptions.Builder builder = DhcpOptions.builder();
    int trailing = parseArea(buf, builder, "options", true);
    int overload = overload(builder.build());
    if ((overload & 1) != 0) {
      parseArea(Unpooled.wrappedBuffer(file), builder, "file", false);
    }
    if ((overload & 2) != 0) {
      parseArea(Unpooled.wrappedBuffer(sname), builder, "sname", false);
    }
    DhcpOptions options = builder.build();
    validate(options);
    return new DhcpMessage(
        op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr, sname,
        file, true, options, trailing);
  }

  /**
   * Whether the vendor area starts with the magic cookie (RFC 2131 §3). Fewer than four bytes, or
   * four zero bytes, mean plain BOOTP; anything else is a bad cookie.
   */
  private static boolean hasCookie(ByteBuf buf) throws MalformedPacketException {
    if (buf.readableBytes() < 4) {
      return false;
    }
    int word = buf.getInt(buf.readerIndex());
    if (word == DhcpMessage.MAGIC_COOKIE) {
      return true;
    }
    if (word == 0) {
      return false;
    }
    throw new MalformedPacketException(
        Reason.BAD_COOKIE, String.format("0x%08x at offset 236", word));
  }

  /**
   * Parses one option area (RFC 2132 §2) into {@code builder} and returns how many bytes followed
   * END. The area is the readable bytes of {@code area}.
   */
  private static int parseArea(ByteBuf area, DhcpOptions.Builder builder, String name, boolean main)
      throws MalformedPacketException {
    while (area.readableBytes() > 0) {
      int code = area.readUnsignedByte();
      if (code == DhcpOptionCode.PAD.code()) {
        continue;
      }
      if (code == DhcpOptionCode.END.code()) {
        int trailing = area.readableBytes();
        area.skipBytes(trailing);
        return trailing;
      }
      if (area.readableBytes() < 1) {
        throw new MalformedPacketException(
            Reason.OPTION_TRUNCATED, "option " + code + " without a length in " + name);
      }
      int length = area.readUnsignedByte();
      if (area.readableBytes() < length) {
        throw new MalformedPacketException(
            Reason.OPTION_TRUNCATED,
            "option "
                + code
                + " length "
                + length
                + " but "
                + area.readableBytes()
                + " bytes left in "
                + name);
      }
      if (!main && code == DhcpOptionCode.OVERLOAD.code()) {
        throw new MalformedPacketException(
            Reason.BAD_OVERLOAD, "option 52 inside the overloaded " + name + " field");
      }
      byte[] value = new byte[length];
      area.readBytes(value);
      builder.add(code, value);
    }
    // No END: tolerated because the last option ended exactly at the end of the area.
    return 0;
  }

  /** The option 52 value (RFC 2132 §9.3): 0 when absent, else 1 file, 2 sname, 3 both. */
  private static int overload(DhcpOptions mainArea) throws MalformedPacketException {
    byte[] value = mainArea.get(DhcpOptionCode.OVERLOAD.code());
    if (value == null) {
      return 0;
    }
    if (value.length != 1) {
      throw new MalformedPacketException(
          Reason.BAD_OVERLOAD, "option 52 length " + value.length + ", must be 1");
    }
    int v = value[0] & 0xff;
    if (v < 1 || v > 3) {
      throw new MalformedPacketException(Reason.BAD_OVERLOAD, "option 52 value " + v);
    }
    return v;
  }

  /** Checks option 53 (RFC 2132 §9.6) and the sizes of the options the server relies on. */
  private static void validate(DhcpOptions options) throws MalformedPacketException {
    byte[] type = options.get(DhcpOptionCode.MESSAGE_TYPE.code());
    if (type == null) {
      throw new MalformedPacketException(Reason.NO_MESSAGE_TYPE, "cookie but no option 53");
    }
    if (type.length != 1) {
      throw new MalformedPacketException(
          Reason.BAD_OPTION_LENGTH, "option 53 length " + type.length + ", must be 1");
    }
    if (DhcpMessageType.fromCode(type[0] & 0xff) == null) {
      throw new MalformedPacketException(
          Reason.UNKNOWN_MESSAGE_TYPE, "option 53 value " + (type[0] & 0xff));
    }
    // RFC 2132 §9.1 (50), §9.2 (51), §9.7 (54): 4 bytes; §9.10 (57): 2 bytes.
    requireLength(options, DhcpOptionCode.REQUESTED_ADDRESS, 4);
    requireLength(options, DhcpOptionCode.LEASE_TIME, 4);
    requireLength(options, DhcpOptionCode.SERVER_ID, 4);
    requireLength(options, DhcpOptionCode.MAX_MESSAGE_SIZE, 2);
    // RFC 2132 §9.14: the client identifier has a type byte and at least one byte of id.
    byte[] clientId = options.get(DhcpOptionCode.CLIENT_ID.code());
    if (clientId != null && clientId.length < 2) {
      throw new MalformedPacketException(
          Reason.BAD_OPTION_LENGTH, "option 61 length " + clientId.length + ", minimum 2");
    }
  }

  private static void requireLength(DhcpOptions options, DhcpOptionCode code, int length)
      throws MalformedPacketException {
    byte[] value = options.get(code.code());
    if (value != null && value.length != length) {
      throw new MalformedPacketException(
          Reason.BAD_OPTION_LENGTH,
          "option " + code.code() + " length " + value.length + ", must be " + length);
    }
  }
}
