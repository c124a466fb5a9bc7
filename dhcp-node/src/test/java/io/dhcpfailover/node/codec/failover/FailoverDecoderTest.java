package io.dhcpfailover.node.codec.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.node.codec.failover.FailoverProtocolException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Framing and the ISC strictness rules (digest §A.2, §A.3) on a stream, via a channel. */
class FailoverDecoderTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s", ""));
  }

  /** Header with the given length, type and payload offset, time 1, xid 2, then {@code rest}. */
  private static byte[] message(int length, int type, int payoff, String rest) {
    return hex(String.format("%04x%02x%02x0000000100000002", length, type, payoff) + rest);
  }

  private static byte[] withOptions(int type, String options) {
    return message(12 + options.replaceAll("\\s", "").length() / 2, type, 12, options);
  }

  private static FailoverProtocolException failure(byte[] wire) {
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    try {
      ch.writeInbound(Unpooled.wrappedBuffer(wire));
    } catch (FailoverProtocolException e) {
      return e;
    } finally {
      ch.finishAndReleaseAll();
    }
    throw new AssertionError("no FailoverProtocolException");
  }

  @Test
  void rejectsLengthBelowHeaderSize() {
    assertThat(failure(message(11, 11, 12, "")).reason()).isEqualTo(Reason.BAD_MESSAGE_LENGTH);
  }

  @Test
  void rejectsLengthAboveIscLimit() {
    assertThat(failure(message(2049, 11, 12, "")).reason()).isEqualTo(Reason.BAD_MESSAGE_LENGTH);
  }

  @Test
  void acceptsLengthAtIscLimit() {
    String opt = "0010" + String.format("%04x", 2048 - 16) + "41".repeat(2048 - 16);
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(message(2048, 12, 12, opt)));
    FailoverMessage m = ch.readInbound();
    assertThat(m.message()).get().asString().hasSize(2032);
    ch.finishAndReleaseAll();
  }

  @Test
  void rejectsDuplicateOption() {
    byte[] wire = withOptions(10, "0018000102 0018000102");
    assertThat(failure(wire).reason()).isEqualTo(Reason.DUPLICATE_OPTION);
  }

  @Test
  void rejectsOneByteIpFlags() {
    byte[] wire = withOptions(3, "000c000101");
    assertThat(failure(wire).reason()).isEqualTo(Reason.BAD_OPTION_LENGTH);
  }

  @Test
  void rejectsTwoByteBindingStatus() {
    byte[] wire = withOptions(3, "00030002 0001");
    assertThat(failure(wire).reason()).isEqualTo(Reason.BAD_OPTION_LENGTH);
  }

  @Test
  void rejectsOptionValuePastMessageEnd() {
    byte[] wire = withOptions(3, "00020008 c6130064");
    assertThat(failure(wire).reason()).isEqualTo(Reason.OPTION_TRUNCATED);
  }

  @Test
  void rejectsOptionHeaderPastMessageEnd() {
    byte[] wire = withOptions(3, "000200");
    assertThat(failure(wire).reason()).isEqualTo(Reason.OPTION_TRUNCATED);
  }

  @Test
  void rejectsUnknownTypeWithOptions() {
    byte[] wire = withOptions(13, "0018000102");
    assertThat(failure(wire).reason()).isEqualTo(Reason.UNKNOWN_TYPE_WITH_OPTIONS);
  }

  @Test
  void rejectsPayloadOffsetBelowHeaderSize() {
    assertThat(failure(message(12, 11, 8, "")).reason()).isEqualTo(Reason.BAD_PAYLOAD_OFFSET);
  }

  @Test
  void rejectsPayloadOffsetPastMessageEnd() {
    assertThat(failure(message(14, 11, 15, "0000")).reason()).isEqualTo(Reason.BAD_PAYLOAD_OFFSET);
  }

  @Test
  void skipsUnknownTypeWithoutOptions() {
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(message(12, 13, 12, "")));
    ch.writeInbound(Unpooled.wrappedBuffer(GoldenHex.bytes("a-217-contact.hex")));
    FailoverMessage m = ch.readInbound();
    assertThat(m.type()).isEqualTo(FailoverMessageType.CONTACT);
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void honoursPayloadOffsetBeyondTwelve() {
    // payload offset 16: four extra header bytes, then server-state NORMAL
    byte[] wire = message(21, 10, 16, "deadbeef 0018000102");
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(wire));
    FailoverMessage m = ch.readInbound();
    assertThat(m.payloadOffset()).isEqualTo(16);
    assertThat(m.serverState()).hasValue(ServerState.NORMAL);
    assertThat(FailoverEncoder.toBytes(m)).isEqualTo(message(17, 10, 12, "0018000102"));
    ch.finishAndReleaseAll();
  }

  @Test
  void skipsUnknownOptionCodes() {
    byte[] wire = withOptions(10, "1234000201 02 0018000102");
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    ch.writeInbound(Unpooled.wrappedBuffer(wire));
    FailoverMessage m = ch.readInbound();
    assertThat(m.serverState()).hasValue(ServerState.NORMAL);
    assertThat(FailoverEncoder.toBytes(m)).isEqualTo(wire);
    ch.finishAndReleaseAll();
  }

  @Test
  void framesManyMessagesInOneSegmentAndOneMessageInManySegments() {
    byte[] a = GoldenHex.bytes("a-002-connectack.hex");
    byte[] b = GoldenHex.bytes("a-003-state-recover-startup.hex");
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    for (byte x : all) {
      ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
    }
    ch.writeInbound(Unpooled.wrappedBuffer(all));
    for (int i = 0; i < 2; i++) {
      assertThat(((FailoverMessage) ch.readInbound()).type())
          .isEqualTo(FailoverMessageType.CONNECTACK);
      assertThat(((FailoverMessage) ch.readInbound()).type()).isEqualTo(FailoverMessageType.STATE);
    }
    ch.finishAndReleaseAll();
  }

  @Test
  void discardsTheRestOfTheStreamAfterAnError() {
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(message(5, 11, 12, ""))))
        .isInstanceOf(FailoverProtocolException.class);
    ch.writeInbound(Unpooled.wrappedBuffer(GoldenHex.bytes("a-217-contact.hex")));
    assertThat((Object) ch.readInbound()).isNull();
    ch.finishAndReleaseAll();
  }

  @Test
  void decodeFrameRejectsLengthThatDisagreesWithBuffer() {
    ByteBuf buf = Unpooled.wrappedBuffer(message(14, 11, 12, ""));
    assertThatThrownBy(() -> FailoverDecoder.decodeFrame(buf))
        .isInstanceOfSatisfying(
            FailoverProtocolException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MESSAGE_LENGTH));
  }
}
