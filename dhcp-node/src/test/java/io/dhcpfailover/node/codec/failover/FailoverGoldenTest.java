package io.dhcpfailover.node.codec.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.util.Ipv4;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes every real-wire golden message captured from ISC dhcpd 4.4.3-P1, asserts each field its
 * annotations state through the typed getters, and re-encodes it byte for byte.
 */
class FailoverGoldenTest {

  static Stream<String> goldenFiles() throws Exception {
    return GoldenHex.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void decodesEveryAnnotatedField(String file) {
    GoldenHex g = GoldenHex.load(file);
    assertThat(g.bytes()).hasSize(g.length());
    FailoverMessage m = FailoverDecoder.decodeFrame(Unpooled.wrappedBuffer(g.bytes()));

    assertThat(m.type().code()).isEqualTo(g.typeCode());
    assertThat(m.type().name()).isEqualTo(g.typeName());
    assertThat(m.payloadOffset()).isEqualTo(g.payloadOffset()).isEqualTo(12);
    assertThat(m.time()).isEqualTo(g.time());
    assertThat(m.xid()).isEqualTo(g.xid());
    assertThat(m.optionCodes())
        .extracting(FailoverOptionCode::code)
        .containsExactlyElementsOf(g.options().stream().map(GoldenHex.Opt::code).toList());
    for (GoldenHex.Opt o : g.options()) {
      FailoverOptionCode code = FailoverOptionCode.valueOf(o.code());
      assertThat(code.isKnown()).as("option %s known", o.name()).isTrue();
      assertThat(m.option(code)).get().extracting(v -> v.length).isEqualTo(o.length());
      assertTypedValue(m, o);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void reencodesByteForByte(String file) {
    byte[] wire = GoldenHex.bytes(file);
    FailoverMessage m = FailoverDecoder.decodeFrame(Unpooled.wrappedBuffer(wire));
    assertThat(FailoverEncoder.toBytes(m)).isEqualTo(wire);
  }

  private static void assertTypedValue(FailoverMessage m, GoldenHex.Opt o) {
    String v = o.value();
    switch (o.code()) {
      case 1 -> assertLong(m.addressesTransferred(), v);
      case 2 -> assertThat(m.assignedIpAddress()).hasValue(Ipv4.parse(v));
      case 3 -> assertInt(m.bindingStatus(), v);
      case 4 -> assertThat(m.clientIdentifier()).get().isEqualTo(HexFormat.of().parseHex(v));
      case 5 -> assertThat(m.clientHardwareAddress()).get().isEqualTo(hardware(v));
      case 6 -> assertLong(m.clientLastTransactionTime(), v);
      case 11 ->
          assertThat(m.hashBucketAssignment())
              .get()
              .isEqualTo(HexFormat.of().parseHex(v.split(" ")[0]));
      case 13 -> assertLong(m.leaseExpirationTime(), v);
      case 14 -> assertLong(m.maxUnackedBndupd(), v);
      case 15 -> assertLong(m.mclt(), v);
      case 16 -> assertThat(m.message()).hasValue(quoted(v));
      case 18 -> assertLong(m.potentialExpirationTime(), v);
      case 19 -> assertLong(m.receiveTimer(), v);
      case 20 -> assertInt(m.protocolVersion(), v);
      case 21 -> {
        assertInt(m.rejectReasonCode(), v);
        assertThat(m.rejectReason().orElseThrow().code())
            .isEqualTo(m.rejectReasonCode().getAsInt());
      }
      case 22 -> assertThat(m.relationshipName()).hasValue(quoted(v));
      case 23 -> {
        assertThat(m.serverFlags()).hasValue(Integer.decode(v.split(" ")[0]));
        boolean startup = v.contains("(STARTUP)");
        assertThat((m.serverFlags().getAsInt() & ServerState.FLAG_STARTUP) != 0).isEqualTo(startup);
      }
      case 24 -> {
        assertInt(m.serverStateCode(), v);
        String name = v.substring(v.indexOf('(') + 1, v.indexOf(')'));
        assertThat(m.serverState().orElseThrow().wireName()).isEqualToIgnoringCase(name);
      }
      case 25 -> assertLong(m.startTimeOfState(), v);
      case 26 -> assertInt(m.tlsReply(), v);
      case 27 -> assertInt(m.tlsRequest(), v);
      case 28 -> assertThat(m.vendorClassIdentifier()).hasValue(quoted(v));
      default -> throw new AssertionError("no typed check for option " + o);
    }
  }

  private static void assertLong(OptionalLong actual, String annotated) {
    assertThat(actual).hasValue(Long.parseLong(annotated.split(" ")[0]));
  }

  private static void assertInt(OptionalInt actual, String annotated) {
    assertThat(actual).hasValue(Integer.parseInt(annotated.split(" ")[0]));
  }

  private static String quoted(String v) {
    assertThat(v).startsWith("'").endsWith("'");
    return v.substring(1, v.length() - 1);
  }

  /** "htype=1 chaddr=02:47:43:00:00:01" as htype followed by chaddr. */
  private static byte[] hardware(String v) {
    String[] parts = v.split(" ");
    int htype = Integer.parseInt(parts[0].substring("htype=".length()));
    byte[] chaddr = HexFormat.ofDelimiter(":").parseHex(parts[1].substring("chaddr=".length()));
    byte[] out = new byte[chaddr.length + 1];
    out[0] = (byte) htype;
    System.arraycopy(chaddr, 0, out, 1, chaddr.length);
    return out;
  }
}
