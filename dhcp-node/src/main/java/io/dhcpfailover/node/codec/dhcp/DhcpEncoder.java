package io.dhcpfailover.node.codec.dhcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Encodes a {@link DhcpMessage} into its UDP payload (RFC 2131 §2, options RFC 2132 §2). Stateless
 * and thread-safe.
 *
 * <p>{@link #encode(DhcpMessage)} writes a message exactly as it is: it is the inverse of {@link
 * DhcpDecoder}, so a decoded message re-encodes byte for byte when the wire form had no PAD between
 * options, each code once, and zero bytes after END. {@link #encodeReply(DhcpMessage, int)} lays
 * out a server reply within the client's size limit.
 */
public final class DhcpEncoder {

  /**
   * Smallest reply: the 236-byte header plus the 64-byte {@code vend} field of RFC 951 §3; some
   * relays and clients drop anything shorter.
   */
  public static final int MIN_REPLY_SIZE = 300;

  /**
   * Largest reply without option 57: a 576-byte IP datagram (RFC 2131 §2, "a DHCP client must be
   * prepared to receive DHCP messages with an options field length of at least 312 octets") minus
   * 20 bytes of IPv4 header and 8 of UDP header.
   */
  public static final int DEFAULT_MAX_SIZE = 576 - 28;

  /** Longest value of one option instance; longer values are split (RFC 3396). */
  private static final int MAX_INSTANCE_LENGTH = 255;

  private static final int SNAME_LENGTH = 64;
  private static final int FILE_LENGTH = 128;

  /**
   * Options a reply keeps whatever the size limit: the message type and server identifier RFC 2131
   * §4.3.1 Table 3 requires, the lease time, the subnet mask and routers a client cannot work
   * without, and the relay agent information RFC 3046 §2.2 requires to be echoed.
   */
  private static final Set<Integer> PROTECTED =
      Set.of(
          DhcpOptionCode.MESSAGE_TYPE.code(),
          DhcpOptionCode.SERVER_ID.code(),
          DhcpOptionCode.LEASE_TIME.code(),
          DhcpOptionCode.SUBNET_MASK.code(),
          DhcpOptionCode.ROUTERS.code(),
          DhcpOptionCode.RELAY_AGENT_INFO.code());

  /** Creates an encoder. */
  public DhcpEncoder() {}

  /**
   * Writes {@code m} as it is: the header (with {@code m}'s own {@code sname} and {@code file}),
   * the magic cookie and the options when {@code m.cookie()}, END, then {@code m.trailingBytes()}
   * zero bytes. Values longer than 255 bytes become several instances of the code (RFC 3396).
   *
   * <p>When option 52 says {@code file} and/or {@code sname} hold options (RFC 2131 §4.1), those
   * fields are written unchanged and only the part of each option value that is not already in them
   * goes to the main area, the inverse of the decoder's joining in parse order.
   *
   * @throws IllegalArgumentException when {@code m} has options but no cookie (plain BOOTP has
   *     nowhere to put them)
   */
  public void encode(DhcpMessage m, ByteBuf out) {
    byte[] sname = m.sname();
    byte[] file = m.file();
    writeHeader(m, sname, file, out);
    if (!m.cookie()) {
      requireNoOptions(m);
      out.writeZero(m.trailingBytes());
      return;
    }
    out.writeInt(DhcpMessage.MAGIC_COOKIE);
    Map<Integer, Integer> elsewhere = overloadedBytes(m.options(), file, sname);
    List<DhcpOptions.Entry> entries = m.options().entries();
    int firstFromFields = firstSeenInOverloadedFields(entries, elsewhere);
    for (int i = 0; i < entries.size(); i++) {
      DhcpOptions.Entry e = entries.get(i);
      byte[] value = e.value();
      Integer inFields = elsewhere.get(e.code().code());
      int moved = inFields == null ? 0 : inFields;
      if (inFields != null && moved == value.length) {
        // Wholly in file/sname. Listed before the options first seen there, it was first seen in
        // the main area, empty: keep that instance so that decoding lists it in the same place.
        if (i < firstFromFields) {
          writeOption(e.code().code(), new byte[0], out);
        }
        continue;
      }
      if (moved > 0 && moved < value.length) {
        byte[] head = new byte[value.length - moved];
        System.arraycopy(value, 0, head, 0, head.length);
        value = head;
      }
      writeOption(e.code().code(), value, out);
    }
    out.writeByte(DhcpOptionCode.END.code());
    out.writeZero(m.trailingBytes());
  }

  /** Encodes {@code m} as it is; see {@link #encode(DhcpMessage, ByteBuf)}. */
  public byte[] encode(DhcpMessage m) {
    ByteBuf out = Unpooled.buffer(DEFAULT_MAX_SIZE);
    encode(m, out);
    return toArray(out);
  }

  /**
   * Encodes a server reply within {@link #DEFAULT_MAX_SIZE}; see {@link #encodeReply(DhcpMessage,
   * int)}.
   */
  public byte[] encodeReply(DhcpMessage m) {
    return encodeReply(m, DEFAULT_MAX_SIZE);
  }

  /**
   * Encodes a server reply of at least {@link #MIN_REPLY_SIZE} and at most {@code maxSize} bytes.
   * See {@link #encodeReply(DhcpMessage, int, ByteBuf)}.
   */
  public byte[] encodeReply(DhcpMessage m, int maxSize) {
    ByteBuf out = Unpooled.buffer(Math.min(maxSize, 1500));
    encodeReply(m, maxSize, out);
    return toArray(out);
  }

  /**
   * Writes a server reply of at least {@link #MIN_REPLY_SIZE} and at most {@code maxSize} bytes.
   * {@code m.trailingBytes()} is ignored: the reply is zero-padded after END up to 300 bytes.
   *
   * <ol>
   *   <li>Option 82 is moved to the end so that it is the last option before END: relay agents add
   *       it last (RFC 3046 §2.1) and the server echoes it unchanged (§2.2), so a relay finds it
   *       where it put it. Any option 52 in {@code m} is ignored.
   *   <li>When the options do not fit the main area, the encoder overloads (RFC 2131 §4.1, RFC 2132
   *       §9.3) the fields of {@code file} and then {@code sname} that are all zero in {@code m}:
   *       option 52 goes into the main area (after a leading option 53) and the options keep their
   *       order, filling the main area, then {@code file}, then {@code sname}, so that the parse
   *       order of RFC 2131 §4.1 reads them in list order and 82 stays last.
   *   <li>When they still do not fit, options are dropped from the end of the list, skipping the
   *       protected ones (53, 54, 51, 1, 3, 82), until they do.
   * </ol>
   *
   * @param maxSize the largest DHCP message the client accepts: {@link #maxReplySize} of its
   *     request, at least {@link #DEFAULT_MAX_SIZE} (RFC 2132 §9.10: the minimum legal option 57 is
   *     576)
   * @throws IllegalArgumentException when {@code maxSize} is below {@link #DEFAULT_MAX_SIZE}, when
   *     a message without cookie has options, or when the protected options alone do not fit
   */
  public void encodeReply(DhcpMessage m, int maxSize, ByteBuf out) {
    if (maxSize < DEFAULT_MAX_SIZE) {
      throw new IllegalArgumentException("maxSize " + maxSize + " is below " + DEFAULT_MAX_SIZE);
    }
    int start = out.writerIndex();
    if (!m.cookie()) {
      requireNoOptions(m);
      writeHeader(m, m.sname(), m.file(), out);
      padTo(out, start, MIN_REPLY_SIZE);
      return;
    }
    List<DhcpOptions.Entry> entries = replyOrder(m.options());
    boolean fileFree = allZero(m.file());
    boolean snameFree = allZero(m.sname());
    Layout layout;
    while ((layout = Layout.of(entries, maxSize, fileFree, snameFree)) == null) {
      int drop = lastUnprotected(entries);
      if (drop < 0) {
        throw new IllegalArgumentException(
            "the protected options alone do not fit in " + maxSize + " bytes");
      }
      entries.remove(drop);
    }
    byte[] file = layout.file != null ? layout.file : m.file();
    byte[] sname = layout.sname != null ? layout.sname : m.sname();
    writeHeader(m, sname, file, out);
    out.writeInt(DhcpMessage.MAGIC_COOKIE);
    out.writeBytes(layout.main);
    out.writeByte(DhcpOptionCode.END.code());
    padTo(out, start, MIN_REPLY_SIZE);
  }

  /**
   * The largest reply for {@code request}: its option 57 (RFC 2132 §9.10, which counts the whole IP
   * datagram) minus 28 bytes of IPv4 and UDP headers, never below {@link #DEFAULT_MAX_SIZE} and
   * never above the largest UDP payload. Without option 57, {@link #DEFAULT_MAX_SIZE}. The caller
   * may lower it further to the interface MTU.
   */
  public static int maxReplySize(DhcpMessage request) {
    long size = request.options().getUnsigned(DhcpOptionCode.MAX_MESSAGE_SIZE.code(), -1);
    if (size < 0) {
      return DEFAULT_MAX_SIZE;
    }
    return (int) Math.min(65_535 - 28, Math.max(DEFAULT_MAX_SIZE, size - 28));
  }

  /** The options of a reply: all but 52, with 82 moved to the end. */
  private static List<DhcpOptions.Entry> replyOrder(DhcpOptions options) {
    List<DhcpOptions.Entry> entries = new ArrayList<>(options.size());
    DhcpOptions.Entry relay = null;
    for (DhcpOptions.Entry e : options.entries()) {
      int code = e.code().code();
      if (code == DhcpOptionCode.RELAY_AGENT_INFO.code()) {
        relay = e;
      } else if (code != DhcpOptionCode.OVERLOAD.code()) {
        entries.add(e);
      }
    }
    if (relay != null) {
      entries.add(relay);
    }
    return entries;
  }

  private static int lastUnprotected(List<DhcpOptions.Entry> entries) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (!PROTECTED.contains(entries.get(i).code().code())) {
        return i;
      }
    }
    return -1;
  }

  /** Where the options of a reply go; {@code file}/{@code sname} are null when not overloaded. */
  private static final class Layout {
    final byte[] main;
    final byte[] file;
    final byte[] sname;

    private Layout(byte[] main, byte[] file, byte[] sname) {
      this.main = main;
      this.file = file;
      this.sname = sname;
    }

    /** A layout of {@code entries} in at most {@code maxSize} bytes, or null when none fits. */
    static Layout of(
        List<DhcpOptions.Entry> entries, int maxSize, boolean fileFree, boolean snameFree) {
      int mainCapacity = maxSize - DhcpDecoder.OPTIONS_OFFSET - 1;
      int total = 0;
      for (DhcpOptions.Entry e : entries) {
        total += encodedSize(e.length());
      }
      if (total <= mainCapacity) {
        ByteBuf main = Unpooled.buffer(total);
        for (DhcpOptions.Entry e : entries) {
          writeOption(e.code().code(), e.value(), main);
        }
        return new Layout(toArray(main), null, null);
      }
      if (!fileFree && !snameFree) {
        return null;
      }
      // Areas in RFC 2131 §4.1 parse order; each overloaded field keeps one byte for its END.
      int[] capacity = {
        mainCapacity, fileFree ? FILE_LENGTH - 1 : 0, snameFree ? SNAME_LENGTH - 1 : 0
      };
      ByteBuf[] areas = {Unpooled.buffer(), Unpooled.buffer(), Unpooled.buffer()};
      int first = 0;
      if (!entries.isEmpty() && entries.get(0).code().equals(DhcpOptionCode.MESSAGE_TYPE)) {
        writeOption(DhcpOptionCode.MESSAGE_TYPE.code(), entries.get(0).value(), areas[0]);
        first = 1;
      }
      // The value is set once it is known which fields were needed.
      int overloadValueIndex = areas[0].writerIndex() + 2;
      writeOption(DhcpOptionCode.OVERLOAD.code(), new byte[] {0}, areas[0]);
      int area = 0;
      for (DhcpOptions.Entry e : entries.subList(first, entries.size())) {
        int size = encodedSize(e.length());
        while (area < areas.length && areas[area].readableBytes() + size > capacity[area]) {
          area++;
        }
        if (area == areas.length) {
          return null;
        }
        writeOption(e.code().code(), e.value(), areas[area]);
      }
      boolean useFile = areas[1].isReadable();
      boolean useSname = areas[2].isReadable();
      areas[0].setByte(overloadValueIndex, (useFile ? 1 : 0) | (useSname ? 2 : 0));
      byte[] file = useFile ? field(areas[1], FILE_LENGTH) : null;
      byte[] sname = useSname ? field(areas[2], SNAME_LENGTH) : null;
      return new Layout(toArray(areas[0]), file, sname);
    }

    /** An overloaded field: its options, END, zero padding (RFC 2131 §4.1). */
    private static byte[] field(ByteBuf options, int length) {
      byte[] field = new byte[length];
      int n = options.readableBytes();
      options.readBytes(field, 0, n);
      field[n] = (byte) DhcpOptionCode.END.code();
      return field;
    }
  }

  /** Bytes one option takes on the wire, split into instances of at most 255 (RFC 3396). */
  static int encodedSize(int valueLength) {
    if (valueLength == 0) {
      return 2;
    }
    int instances = (valueLength + MAX_INSTANCE_LENGTH - 1) / MAX_INSTANCE_LENGTH;
    return valueLength + 2 * instances;
  }

  /**
   * Writes one option (RFC 2132 §2: code, length, value), as several consecutive instances of the
   * same code when the value is longer than 255 bytes (RFC 3396).
   */
  private static void writeOption(int code, byte[] value, ByteBuf out) {
    if (value.length == 0) {
      out.writeByte(code);
      out.writeByte(0);
      return;
    }
    for (int offset = 0; offset < value.length; offset += MAX_INSTANCE_LENGTH) {
      int length = Math.min(MAX_INSTANCE_LENGTH, value.length - offset);
      out.writeByte(code);
      out.writeByte(length);
      out.writeBytes(value, offset, length);
    }
  }

  /** The fixed 236-byte header, RFC 2131 §2 Figure 1. */
  private static void writeHeader(DhcpMessage m, byte[] sname, byte[] file, ByteBuf out) {
    out.writeByte(m.op());
    out.writeByte(m.htype());
    out.writeByte(m.hlen());
    out.writeByte(m.hops());
    out.writeInt(m.xid());
    out.writeShort(m.secs());
    out.writeShort(m.flags());
    out.writeInt(m.ciaddr());
    out.writeInt(m.yiaddr());
    out.writeInt(m.siaddr());
    out.writeInt(m.giaddr());
    out.writeBytes(m.chaddr());
    out.writeBytes(sname);
    out.writeBytes(file);
  }

  /**
   * How many bytes of each option code sit in the fields option 52 overloads (RFC 2131 §4.1), read
   * from the raw fields. A field that does not parse contributes what parsed before the fault.
   */
  /**
   * Where the options first seen in the overloaded {@code file}/{@code sname} start in {@code
   * entries}: the decoder lists them last, in the order it parsed those fields, so they are the
   * longest tail of options wholly in those fields that keeps that order.
   */
  private static int firstSeenInOverloadedFields(
      List<DhcpOptions.Entry> entries, Map<Integer, Integer> elsewhere) {
    List<Integer> parseOrder = new ArrayList<>(elsewhere.keySet());
    int start = entries.size();
    int next = Integer.MAX_VALUE;
    for (int i = entries.size() - 1; i >= 0; i--) {
      DhcpOptions.Entry e = entries.get(i);
      Integer moved = elsewhere.get(e.code().code());
      int at = parseOrder.indexOf(e.code().code());
      if (moved == null || moved != e.value().length || at >= next) {
        break;
      }
      start = i;
      next = at;
    }
    return start;
  }

  private static Map<Integer, Integer> overloadedBytes(
      DhcpOptions options, byte[] file, byte[] sname) {
    Map<Integer, Integer> counts = new LinkedHashMap<>();
    long overload = options.getUnsigned(DhcpOptionCode.OVERLOAD.code(), 0);
    if (overload < 1 || overload > 3) {
      return counts;
    }
    if ((overload & 1) != 0) {
      countOptions(file, counts);
    }
    if ((overload & 2) != 0) {
      countOptions(sname, counts);
    }
    return counts;
  }

  private static void countOptions(byte[] area, Map<Integer, Integer> counts) {
    int i = 0;
    while (i < area.length) {
      int code = area[i] & 0xff;
      if (code == DhcpOptionCode.END.code()) {
        return;
      }
      if (code == DhcpOptionCode.PAD.code()) {
        i++;
        continue;
      }
      if (i + 1 >= area.length) {
        return;
      }
      int length = area[i + 1] & 0xff;
      if (i + 2 + length > area.length) {
        return;
      }
      counts.merge(code, length, Integer::sum);
      i += 2 + length;
    }
  }

  private static void requireNoOptions(DhcpMessage m) {
    if (m.options().size() > 0) {
      throw new IllegalArgumentException("a message without magic cookie cannot carry options");
    }
  }

  private static boolean allZero(byte[] field) {
    for (byte b : field) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void padTo(ByteBuf out, int start, int size) {
    int written = out.writerIndex() - start;
    if (written < size) {
      out.writeZero(size - written);
    }
  }

  private static byte[] toArray(ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    return bytes;
  }
}
