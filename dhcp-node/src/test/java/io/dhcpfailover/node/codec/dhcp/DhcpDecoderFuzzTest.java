package io.dhcpfailover.node.codec.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dhcpfailover.node.util.AllocationMeter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link DhcpDecoder} with whole UDP payloads. The seed corpus ({@code
 * DhcpDecoderFuzzTestInputs/decodesOrRejects/}) holds the golden captures; under {@code mvn verify}
 * each seed is replayed as a regression test, with {@code JAZZER_FUZZ=1} the target is fuzzed.
 *
 * <p>For every input, on both the server's path ({@link DhcpDecoder#decode}) and the tools' path
 * ({@link DhcpDecoder#decodeAny}):
 *
 * <ul>
 *   <li>decoding returns a message or throws {@link MalformedPacketException} with a reason; any
 *       other throwable is a finding;
 *   <li>a decoded message consumed the whole datagram, re-encodes, and the re-encoded bytes decode
 *       to an equal message that re-encodes to the same bytes;
 *   <li>decoding allocates at most a fixed amount plus a small multiple of the datagram's size.
 * </ul>
 */
class DhcpDecoderFuzzTest {
  /** Fixed part of the allocation budget: header arrays, option maps, exception text. */
  static final long FIXED_BUDGET = 16 * 1024;

  /** Bytes of allocation allowed per input byte (option values are copied once, then joined). */
  static final long PER_BYTE_BUDGET = 48;

  private final DhcpDecoder decoder = new DhcpDecoder();
  private final DhcpEncoder encoder = new DhcpEncoder();

  @FuzzTest
  void decodesOrRejects(byte[] datagram) {
    check(datagram, true);
    check(datagram, false);
  }

  @Test
  void seedCorpusHoldsEveryGoldenPacket() throws IOException {
    for (String name : GoldenPackets.capturedNames()) {
      assertThat(seed(name)).as(name).isEqualTo(GoldenPackets.load(name));
    }
  }

  private static byte[] seed(String name) throws IOException {
    try (InputStream in =
        DhcpDecoderFuzzTest.class.getResourceAsStream(
            "DhcpDecoderFuzzTestInputs/decodesOrRejects/" + name)) {
      assertThat(in).as("seed " + name).isNotNull();
      return in.readAllBytes();
    }
  }

  private void check(byte[] datagram, boolean requestsOnly) {
    // A first, unmetered decode loads the classes its path needs; the second one is measured.
    try {
      decode(Unpooled.wrappedBuffer(datagram), requestsOnly);
    } catch (MalformedPacketException e) {
      // measured below
    }
    ByteBuf buf = Unpooled.wrappedBuffer(datagram);
    AllocationMeter meter = AllocationMeter.start();
    DhcpMessage m;
    try {
      m = decode(buf, requestsOnly);
    } catch (MalformedPacketException e) {
      meter.assertAtMost(FIXED_BUDGET, PER_BYTE_BUDGET, datagram.length, "rejecting a datagram");
      assertThat(e.reason()).isNotNull();
      return;
    }
    meter.assertAtMost(FIXED_BUDGET, PER_BYTE_BUDGET, datagram.length, "decoding a datagram");
    assertThat(buf.isReadable()).as("bytes left after decoding").isFalse();
    if (requestsOnly) {
      assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREQUEST);
    }
    assertRoundTrip(m);
  }

  private DhcpMessage decode(ByteBuf buf, boolean requestsOnly) throws MalformedPacketException {
    return requestsOnly ? decoder.decode(buf) : decoder.decodeAny(buf);
  }

  private void assertRoundTrip(DhcpMessage m) {
    byte[] wire = encoder.encode(m);
    DhcpMessage again;
    try {
      again = decoder.decodeAny(wire);
    } catch (MalformedPacketException e) {
      throw new AssertionError("re-encoded " + m + " no longer decodes: " + e.getMessage(), e);
    }
    assertThat(again).as("decode(encode(decode(x)))").isEqualTo(m);
    assertThat(encoder.encode(again)).as("encode is stable").isEqualTo(wire);
  }
}
