package io.dhcpfailover.node.codec.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dhcpfailover.node.codec.failover.FailoverProtocolException.Reason;
import io.dhcpfailover.node.util.AllocationMeter;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link FailoverDecoder} with a byte stream as it arrives on the failover TCP connection.
 * The seed corpus ({@code FailoverDecoderFuzzTestInputs/decodesOrDropsLink/}) holds the golden
 * captures of ISC dhcpd; under {@code mvn verify} each seed is replayed, with {@code JAZZER_FUZZ=1}
 * the target is fuzzed.
 *
 * <ul>
 *   <li>The stream decodes into messages, possibly ending in one {@link FailoverProtocolException}
 *       (the link is dropped); any other throwable is a finding.
 *   <li>Framing does not depend on how TCP cut the stream: fed in chunks it gives the same messages
 *       and the same failure as fed at once.
 *   <li>Each message re-encodes, and the encoding decodes to the same message (minus the DDNS
 *       option the encoder never sends, with the payload offset it always sends) and re-encodes to
 *       the same bytes.
 *   <li>Decoding allocates at most a fixed amount plus a small multiple of the stream's size.
 * </ul>
 */
class FailoverDecoderFuzzTest {
  /** Fixed part of the allocation budget: pipeline buffers, option maps, exception text. */
  static final long FIXED_BUDGET = 64 * 1024;

  /** Bytes of allocation allowed per input byte. */
  static final long PER_BYTE_BUDGET = 64;

  /** What a stream decoded into: its messages and the failure that ended it, if any. */
  record Outcome(List<FailoverMessage> messages, Reason failure) {}

  @FuzzTest
  void decodesOrDropsLink(byte[] stream) {
    Outcome chunked = decode(stream, chunkSize(stream));
    Outcome whole = decode(stream, Math.max(1, stream.length));
    AllocationMeter.assertWithinBudget(
        () -> allocationOf(stream), FIXED_BUDGET, PER_BYTE_BUDGET, stream.length, "decoding");

    assertThat(chunked).as("chunked vs whole stream").isEqualTo(whole);
    for (FailoverMessage m : whole.messages()) {
      assertRoundTrip(m);
    }
  }

  @Test
  void seedCorpusHoldsEveryGoldenMessage() throws IOException {
    for (String name : GoldenHex.names().toList()) {
      String seed = name.substring(0, name.length() - ".hex".length());
      assertThat(seed(seed)).as(name).isEqualTo(GoldenHex.bytes(name));
    }
  }

  private static byte[] seed(String name) throws IOException {
    try (InputStream in =
        FailoverDecoderFuzzTest.class.getResourceAsStream(
            "FailoverDecoderFuzzTestInputs/decodesOrDropsLink/" + name)) {
      assertThat(in).as("seed " + name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** 1..128 bytes, chosen by the last byte so that the fuzzer explores the cuts too. */
  private static int chunkSize(byte[] stream) {
    return stream.length == 0 ? 1 : 1 + (stream[stream.length - 1] & 0x7f);
  }

  /** Feeds {@code stream} to a fresh decoder {@code chunk} bytes at a time. */
  private static Outcome decode(byte[] stream, int chunk) {
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    List<FailoverMessage> messages = new ArrayList<>();
    Reason failure = null;
    try {
      for (int at = 0; at < stream.length && failure == null; at += chunk) {
        int n = Math.min(chunk, stream.length - at);
        try {
          ch.writeInbound(Unpooled.wrappedBuffer(stream, at, n));
        } catch (FailoverProtocolException e) {
          failure = e.reason();
        }
        drain(ch, messages);
      }
    } finally {
      ch.finishAndReleaseAll();
    }
    return new Outcome(messages, failure);
  }

  /** Bytes allocated decoding {@code stream} at once (not counting the test channel around it). */
  private static long allocationOf(byte[] stream) {
    EmbeddedChannel ch = new EmbeddedChannel(new FailoverDecoder());
    try {
      AllocationMeter meter = AllocationMeter.start();
      try {
        ch.writeInbound(Unpooled.wrappedBuffer(stream));
      } catch (FailoverProtocolException e) {
        // the outcome is checked elsewhere
      }
      for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
        // discard
      }
      return meter.allocated();
    } finally {
      ch.finishAndReleaseAll();
    }
  }

  private static void drain(EmbeddedChannel ch, List<FailoverMessage> into) {
    for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
      into.add((FailoverMessage) m);
    }
  }

  private static void assertRoundTrip(FailoverMessage m) {
    byte[] wire = FailoverEncoder.toBytes(m);
    FailoverMessage again = FailoverDecoder.decodeFrame(Unpooled.wrappedBuffer(wire));
    assertThat(again).as("decode(encode(" + m + "))").isEqualTo(asSent(m));
    assertThat(FailoverEncoder.toBytes(again)).as("encode is stable").isEqualTo(wire);
  }

  /** {@code m} as the encoder sends it: payload offset 12 and no DDNS option. */
  private static FailoverMessage asSent(FailoverMessage m) {
    FailoverMessage.Builder b = FailoverMessage.builder(m.type()).time(m.time()).xid(m.xid());
    for (Map.Entry<FailoverOptionCode, byte[]> e : m.rawOptions().entrySet()) {
      if (!e.getKey().equals(FailoverOptionCode.DDNS)) {
        b.option(e.getKey(), Arrays.copyOf(e.getValue(), e.getValue().length));
      }
    }
    return b.build();
  }
}
