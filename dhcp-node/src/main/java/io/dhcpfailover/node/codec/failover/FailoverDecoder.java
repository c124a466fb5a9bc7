package io.dhcpfailover.node.codec.failover;

import io.dhcpfailover.node.codec.failover.FailoverProtocolException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a failover TCP stream into {@link FailoverMessage}s (draft-ietf-dhc-failover-12 §6.1;
 * digest §A.2, §A.3), applying the checks ISC dhcpd 4.4.3 applies, each of which makes ISC drop the
 * connection:
 *
 * <ul>
 *   <li>the length field (which counts itself) must be 12..2048;
 *   <li>the payload offset must be at least 12 and within the message; the bytes between 12 and the
 *       offset are skipped, as ISC does;
 *   <li>every option header and value must lie inside the message;
 *   <li>each option code at most once;
 *   <li>known fixed-size options must have exactly their size ({@link
 *       FailoverOptionCode#fixedLength()});
 *   <li>a message of an unknown type (not 1..12) must carry no options.
 * </ul>
 *
 * A message of an unknown type without options is skipped silently. Each violation throws one
 * {@link FailoverProtocolException}; afterwards the decoder discards everything it is given, since
 * the stream can no longer be framed. ISC packs many messages into one TCP segment, so framing is
 * by the length field only (captures README).
 */
public final class FailoverDecoder extends ByteToMessageDecoder {
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (in.readableBytes() < 2) {
      return;
    }
    int length = in.getUnsignedShort(in.readerIndex());
    if (length < FailoverMessage.HEADER_LENGTH || length > FailoverMessage.MAX_LENGTH) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw new FailoverProtocolException(
          Reason.BAD_MESSAGE_LENGTH, "length " + length + " outside 12..2048");
    }
    if (in.readableBytes() < length) {
      return;
    }
    ByteBuf frame = in.readSlice(length);
    try {
      FailoverMessage m = decodeFrame(frame);
      if (m != null) {
        out.add(m);
      }
    } catch (FailoverProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  /**
   * Decodes one complete message, length field included, consuming {@code frame}.
   *
   * @return the message, or null for an unknown type without options (ignored, digest §A.3)
   * @throws FailoverProtocolException when the message breaks a rule listed above
   */
  public static FailoverMessage decodeFrame(ByteBuf frame) {
    if (frame.readableBytes() < 2) {
      throw new FailoverProtocolException(Reason.BAD_MESSAGE_LENGTH, "no length field");
    }
    int length = frame.readUnsignedShort();
    if (length < FailoverMessage.HEADER_LENGTH || length > FailoverMessage.MAX_LENGTH) {
      throw new FailoverProtocolException(
          Reason.BAD_MESSAGE_LENGTH, "length " + length + " outside 12..2048");
    }
    if (frame.readableBytes() != length - 2) {
      throw new FailoverProtocolException(
          Reason.BAD_MESSAGE_LENGTH,
          "length " + length + " but " + (frame.readableBytes() + 2) + " bytes given");
    }
    int typeCode = frame.readUnsignedByte();
    int payloadOffset = frame.readUnsignedByte();
    long time = frame.readUnsignedInt();
    long xid = frame.readUnsignedInt();
    if (payloadOffset < FailoverMessage.HEADER_LENGTH || payloadOffset > length) {
      throw new FailoverProtocolException(
          Reason.BAD_PAYLOAD_OFFSET,
          "payload offset " + payloadOffset + " in " + length + " bytes");
    }
    frame.skipBytes(payloadOffset - FailoverMessage.HEADER_LENGTH);
    if (!FailoverMessageType.isKnown(typeCode)) {
      if (frame.isReadable()) {
        throw new FailoverProtocolException(
            Reason.UNKNOWN_TYPE_WITH_OPTIONS, "message type " + typeCode + " with options");
      }
      return null;
    }
    FailoverMessage.Builder b =
        FailoverMessage.builder(FailoverMessageType.fromCode(typeCode))
            .time(time)
            .xid(xid)
            .payloadOffset(payloadOffset);
    Set<Integer> seen = new HashSet<>();
    while (frame.isReadable()) {
      int at = frame.readerIndex();
      if (frame.readableBytes() < 4) {
        throw new FailoverProtocolException(
            Reason.OPTION_TRUNCATED, frame.readableBytes() + " bytes left for an option header");
      }
      int code = frame.readUnsignedShort();
      int len = frame.readUnsignedShort();
      if (frame.readableBytes() < len) {
        throw new FailoverProtocolException(
            Reason.OPTION_TRUNCATED,
            "option "
                + code
                + " at offset "
                + at
                + " has length "
                + len
                + ", "
                + frame.readableBytes()
                + " bytes left");
      }
      FailoverOptionCode oc = FailoverOptionCode.valueOf(code);
      if (!seen.add(code)) {
        throw new FailoverProtocolException(Reason.DUPLICATE_OPTION, "option " + oc + " twice");
      }
      if (oc.fixedLength() != FailoverOptionCode.VARIABLE && len != oc.fixedLength()) {
        throw new FailoverProtocolException(
            Reason.BAD_OPTION_LENGTH,
            "option " + oc + " has length " + len + ", must be " + oc.fixedLength());
      }
      byte[] value = new byte[len];
      frame.readBytes(value);
      b.option(oc, value);
    }
    return b.build();
  }
}
