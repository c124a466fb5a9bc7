package io.dhcpfailover.node.codec.dhcp;

import static io.dhcpfailover.node.codec.dhcp.TestPackets.ascii;
import static io.dhcpfailover.node.codec.dhcp.TestPackets.hex;
import static io.dhcpfailover.node.codec.dhcp.TestPackets.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dhcpfailover.node.codec.dhcp.MalformedPacketException.Reason;
import io.dhcpfailover.node.util.AllocationMeter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DhcpDecoderTest {
  private final DhcpDecoder decoder = new DhcpDecoder();
  private final DhcpEncoder encoder = new DhcpEncoder();

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void decodesHeaderOnlyPacketAsPlainBootp(int vendorBytes) throws Exception {
    byte[] wire = TestPackets.bootp(vendorBytes);

    DhcpMessage m = decoder.decode(wire);

    assertThat(m.cookie()).isFalse();
    assertThat(m.options().size()).isZero();
    assertThat(m.trailingBytes()).isEqualTo(vendorBytes);
    assertThat(encoder.encode(m)).isEqualTo(wire);
  }

  @Test
  void decodesZeroVendorAreaAsPlainBootp() throws Exception {
    byte[] wire = TestPackets.bootp(64);

    DhcpMessage m = decoder.decode(wire);

    assertThat(m.cookie()).isFalse();
    assertThat(m.trailingBytes()).isEqualTo(64);
    assertThat(encoder.encode(m)).isEqualTo(wire);
  }

  @Test
  void joinsRepeatedOptionInstancesInOrder() throws Exception {
    DhcpMessage m = decoder.decode(request("350101 0c026162 3702010c 0c026364 ff"));

    assertThat(codes(m)).containsExactly(53, 12, 55);
    assertThat(m.options().getText(12)).isEqualTo("abcd");
  }

  @Test
  void readsOptionsOverloadedIntoFileThenSname() throws Exception {
    byte[] file = hex("0c026364 3d0701024743000201 ff");
    byte[] sname = hex("0f0378797a ff");
    byte[] wire = request(sname, file, "350101 340103 0c026162 ff");

    DhcpMessage m = decoder.decode(wire);

    assertThat(codes(m)).containsExactly(53, 52, 12, 61, 15);
    assertThat(m.options().getText(12)).isEqualTo("abcd");
    assertThat(m.options().get(61)).isEqualTo(hex("01024743000201"));
    assertThat(m.options().getText(15)).isEqualTo("xyz");
    assertThat(Arrays.copyOf(m.file(), file.length)).isEqualTo(file);
    assertThat(Arrays.copyOf(m.sname(), sname.length)).isEqualTo(sname);
  }

  @Test
  void reencodesOverloadedMessageByteForByte() throws Exception {
    byte[] file = hex("0c026364 3d0701024743000201 ff");
    byte[] sname = hex("0f0378797a ff");
    byte[] wire = request(sname, file, "350101 340103 0c026162 ff 0000");

    DhcpMessage m = decoder.decode(wire);

    assertThat(encoder.encode(m)).isEqualTo(wire);
  }

  @Test
  void reencodesEmptyMainAreaInstanceOfAnOptionContinuedInFile() throws Exception {
    // Found by DhcpDecoderFuzzTest: option 12 is first seen, empty, in the main area and its value
    // follows in file; re-encoding must keep that instance, or 12 moves behind 15.
    byte[] file = hex("0c026364 ff");
    byte[] wire = request(new byte[0], file, "350101 340101 0c00 0f026162 ff");

    DhcpMessage m = decoder.decode(wire);

    assertThat(codes(m)).containsExactly(53, 52, 12, 15);
    assertThat(encoder.encode(m)).isEqualTo(wire);
    assertThat(decoder.decode(encoder.encode(m))).isEqualTo(m);
  }

  @Test
  void reencodesEmptyMainAreaInstanceOfAnOptionContinuedInSnameAfterAnOptionInFile()
      throws Exception {
    // Found by DhcpDecoderFuzzTest: option 1 is first seen, empty, last in the main area, its
    // value follows in sname; option 35, in file only, must stay behind it.
    byte[] file = hex("2302 6162 ff");
    byte[] sname = hex("0104 ffffff00 ff");
    byte[] wire = request(sname, file, "350101 340103 0100 ff");

    DhcpMessage m = decoder.decode(wire);

    assertThat(codes(m)).containsExactly(53, 52, 1, 35);
    assertThat(encoder.encode(m)).isEqualTo(wire);
    assertThat(decoder.decode(encoder.encode(m))).isEqualTo(m);
  }

  @Test
  void keepsAnEmptyOptionFirstSeenInFileWhereItWas() throws Exception {
    byte[] file = hex("0c026364 5000 ff");
    byte[] wire = request(new byte[0], file, "350101 340101 ff");

    DhcpMessage m = decoder.decode(wire);

    assertThat(codes(m)).containsExactly(53, 52, 12, 80);
    assertThat(encoder.encode(m)).isEqualTo(wire);
  }

  @Test
  void joinsManyInstancesOfOneCodeInLinearAllocation() throws Exception {
    // Found by DhcpDecoderFuzzTest's allocation budget: each instance copied the value joined so
    // far, so n instances allocated O(n^2) bytes (600 one-byte instances: about 190 KB).
    byte[] wire = request("350101" + " 0c0161".repeat(600) + " ff");
    decoder.decode(wire); // loads the classes

    AllocationMeter meter = AllocationMeter.start();
    DhcpMessage m = decoder.decode(wire);

    assertThat(meter.allocated()).isLessThan(64 * 1024);
    assertThat(m.options().get(12)).hasSize(600);
  }

  @Test
  void leavesFileAloneWithoutOverload() throws Exception {
    byte[] file = ascii("pxelinux.0");

    DhcpMessage m = decoder.decode(request(new byte[0], file, "350101 ff"));

    assertThat(codes(m)).containsExactly(53);
    assertThat(Arrays.copyOf(m.file(), file.length)).isEqualTo(file);
  }

  @Test
  void rejectsOverloadOfTwoBytes() {
    assertThat(reasonFor(request("350101 34020101 ff"))).isEqualTo(Reason.BAD_OVERLOAD);
  }

  @Test
  void rejectsOverloadOptionInsideOverloadedFile() {
    byte[] wire = request(new byte[0], hex("340101 ff"), "350101 340101 ff");

    assertThat(reasonFor(wire)).isEqualTo(Reason.BAD_OVERLOAD);
  }

  @Test
  void rejectsOptionRunningPastOverloadedSname() {
    byte[] sname = new byte[64];
    sname[62] = 12;
    sname[63] = 5;

    assertThat(reasonFor(request(sname, new byte[0], "350101 340102 ff")))
        .isEqualTo(Reason.OPTION_TRUNCATED);
  }

  @Test
  void toleratesMissingEndWhenLastOptionEndsThePacket() throws Exception {
    DhcpMessage m = decoder.decode(request("350101 3702010c"));

    assertThat(codes(m)).containsExactly(53, 55);
    assertThat(m.trailingBytes()).isZero();
  }

  @Test
  void skipsPadBetweenOptions() throws Exception {
    DhcpMessage m = decoder.decode(request("350101 0000 3702010c ff"));

    assertThat(codes(m)).containsExactly(53, 55);
  }

  @Test
  void rejectsOptionCodeWithoutLengthAtPacketEnd() {
    assertThat(reasonFor(request("350101 0c"))).isEqualTo(Reason.OPTION_TRUNCATED);
  }

  @Test
  void rejectsEmptyMessageType() {
    assertThat(reasonFor(request("3500 ff"))).isEqualTo(Reason.BAD_OPTION_LENGTH);
  }

  @ParameterizedTest
  @CsvSource({
    "36, 05, c613020201", // server identifier, RFC 2132 §9.7
    "33, 03, 00003c", // lease time, §9.2
    "39, 03, 000240", // maximum message size, §9.10
    "39, 01, 02",
    "3d, 01, 01", // client identifier, §9.14: at least 2
    "32, 00, ''" // requested address, §9.1
  })
  void rejectsWrongLengthOfFixedSizeOption(String code, String length, String value) {
    byte[] wire = request("350103 " + code + length + value + " ff");

    assertThat(reasonFor(wire)).isEqualTo(Reason.BAD_OPTION_LENGTH);
  }

  @Test
  void keepsUnknownOptionCode() throws Exception {
    DhcpMessage m = decoder.decode(request("350101 e003010203 ff"));

    assertThat(codes(m)).containsExactly(53, 224);
    assertThat(m.options().get(224)).isEqualTo(hex("010203"));
    assertThat(m.options().entries().get(1).code().name()).isEqualTo("UNKNOWN");
  }

  @Test
  void acceptsSixteenHopsAndSixteenByteHardwareAddress() throws Exception {
    byte[] wire = request("350101 ff");
    wire[2] = 16;
    wire[3] = 16;

    DhcpMessage m = decoder.decode(wire);

    assertThat(m.hlen()).isEqualTo(16);
    assertThat(m.hops()).isEqualTo(16);
  }

  @Test
  void decodeAnyAcceptsBootReply() throws Exception {
    byte[] wire = request("350102 ff");
    wire[0] = 2;

    DhcpMessage m = decoder.decodeAny(wire);

    assertThat(m.op()).isEqualTo(DhcpMessage.BOOTREPLY);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
  }

  @Test
  void consumesTheReadableBytesOfTheBuffer() throws Exception {
    ByteBuf buf = Unpooled.wrappedBuffer(request("350101 ff 000000"));

    decoder.decode(buf);

    assertThat(buf.readableBytes()).isZero();
  }

  private Reason reasonFor(byte[] wire) {
    MalformedPacketException e =
        catchThrowableOfType(MalformedPacketException.class, () -> decoder.decode(wire));
    assertThat(e).as("must be rejected").isNotNull();
    return e.reason();
  }

  private static List<Integer> codes(DhcpMessage m) {
    return m.options().entries().stream().map(e -> e.code().code()).toList();
  }
}
