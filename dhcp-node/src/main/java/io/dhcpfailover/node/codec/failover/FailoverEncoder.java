package io.dhcpfailover.node.codec.failover;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Map;

/**
 * Writes {@link FailoverMessage}s as ISC dhcpd 4.4.3 expects them (digest §A.2, §A.3): 2-byte total
 * length, type, payload offset always 12 (never the draft's 8), time, xid, then each option as
 * code(2) len(2) value. The DDNS option (9) is never written: ISC treats any non-empty DDNS option
 * as a length error and drops the link (digest §A.3, ISC bug #36996).
 */
public final class FailoverEncoder extends MessageToByteEncoder<FailoverMessage> {

  public FailoverEncoder() {
    super(FailoverMessage.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, FailoverMessage msg, ByteBuf out) {
    encode(msg, out);
  }

  /** Writes {@code msg} to {@code out}. */
  public static void encode(FailoverMessage msg, ByteBuf out) {
    int length = FailoverMessage.HEADER_LENGTH;
    for (Map.Entry<FailoverOptionCode, byte[]> e : msg.rawOptions().entrySet()) {
      if (!e.getKey().equals(FailoverOptionCode.DDNS)) {
        length += 4 + e.getValue().length;
      }
    }
    out.writeShort(length);
    out.writeByte(msg.type().code());
    out.writeByte(FailoverMessage.HEADER_LENGTH);
    out.writeInt((int) msg.time());
    out.writeInt((int) msg.xid());
    for (Map.Entry<FailoverOptionCode, byte[]> e : msg.rawOptions().entrySet()) {
      if (e.getKey().equals(FailoverOptionCode.DDNS)) {
        continue;
      }
      out.writeShort(e.getKey().code());
      out.writeShort(e.getValue().length);
      out.writeBytes(e.getValue());
    }
  }

  /** {@code msg} as wire bytes. */
  public static byte[] toBytes(FailoverMessage msg) {
    ByteBuf buf = Unpooled.buffer();
    try {
      encode(msg, buf);
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      return bytes;
    } finally {
      buf.release();
    }
  }
}
