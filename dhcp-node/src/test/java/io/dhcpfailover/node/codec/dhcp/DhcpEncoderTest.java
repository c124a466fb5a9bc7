package io.dhcpfailover.node.codec.dhcp;

import static io.dhcpfailover.node.codec.dhcp.TestPackets.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.node.util.Ipv4;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpEncoderTest {
  private static final byte[] RELAY_AGENT_INFO = hex("01027231");

  private final DhcpEncoder encoder = new DhcpEncoder();
  private final DhcpDecoder decoder = new DhcpDecoder();

  @Test
  void padsShortReplyToThreeHundredBytes() throws Exception {
    DhcpMessage reply = reply(baseOptions().build());

    byte[] wire = encoder.encodeReply(reply);

    assertThat(wire).hasSize(DhcpEncoder.MIN_REPLY_SIZE);
    assertThat(decoder.decodeAny(wire).options()).isEqualTo(reply.options());
  }

  @Test
  void buildsCapturedIscAckFromItsFields() throws Exception {
    byte[] captured = GoldenPackets.load("dhcrelay-server-ack-relayed");
    DhcpMessage decoded = decoder.decodeAny(captured);
    DhcpMessage unpadded = withTrailingBytes(decoded, 0);

    assertThat(encoder.encodeReply(unpadded)).isEqualTo(captured);
  }

  @Test
  void padsPlainBootpReplyToThreeHundredBytesWithoutCookie() {
    DhcpMessage bootp =
        new DhcpMessage(
            2,
            1,
            6,
            0,
            7,
            0,
            0,
            0,
            Ipv4.parse("198.19.2.100"),
            0,
            0,
            chaddr(),
            null,
            null,
            false,
            null,
            0);

    byte[] wire = encoder.encodeReply(bootp);

    assertThat(wire).hasSize(300);
    assertThat(Arrays.copyOfRange(wire, 236, 300)).containsOnly(0);
  }

  @Test
  void overloadsFileWhenOptionsExceedTheMainArea() throws Exception {
    DhcpOptions options = baseOptions().add(43, filler(200)).add(224, filler(100)).build();

    byte[] wire = encoder.encodeReply(reply(options), DhcpEncoder.DEFAULT_MAX_SIZE);

    assertThat(wire).hasSizeLessThanOrEqualTo(DhcpEncoder.DEFAULT_MAX_SIZE);
    DhcpMessage decoded = decoder.decodeAny(wire);
    assertThat(decoded.options().getUnsigned(52, -1)).isEqualTo(1);
    assertThat(withoutOverload(decoded.options())).isEqualTo(options);
  }

  @Test
  void overloadsFileAndSnameWhenFileIsNotEnough() throws Exception {
    DhcpOptions options =
        baseOptions().add(43, filler(250)).add(224, filler(120)).add(225, filler(50)).build();

    byte[] wire = encoder.encodeReply(reply(options), DhcpEncoder.DEFAULT_MAX_SIZE);

    assertThat(wire).hasSizeLessThanOrEqualTo(DhcpEncoder.DEFAULT_MAX_SIZE);
    DhcpMessage decoded = decoder.decodeAny(wire);
    assertThat(decoded.options().getUnsigned(52, -1)).isEqualTo(3);
    assertThat(withoutOverload(decoded.options())).isEqualTo(options);
  }

  @Test
  void usesTheLargerLimitWithoutOverloading() throws Exception {
    DhcpOptions options = baseOptions().add(43, filler(200)).add(224, filler(100)).build();

    byte[] wire = encoder.encodeReply(reply(options), 1444);

    DhcpMessage decoded = decoder.decodeAny(wire);
    assertThat(decoded.options()).isEqualTo(options);
    assertThat(wire).hasSizeLessThanOrEqualTo(1444);
  }

  @Test
  void dropsLowestPriorityOptionsWhenFileIsInUse() throws Exception {
    DhcpOptions options =
        baseOptions()
            .addText(15, "gc.test")
            .add(43, filler(250))
            .add(224, filler(100))
            .add(82, RELAY_AGENT_INFO)
            .build();
    byte[] bootFile = Arrays.copyOf(TestPackets.ascii("pxelinux.0"), 128);
    byte[] serverName = Arrays.copyOf(TestPackets.ascii("tftp"), 64);
    DhcpMessage reply = withFields(reply(options), serverName, bootFile);

    byte[] wire = encoder.encodeReply(reply, DhcpEncoder.DEFAULT_MAX_SIZE);

    assertThat(wire).hasSizeLessThanOrEqualTo(DhcpEncoder.DEFAULT_MAX_SIZE);
    DhcpMessage decoded = decoder.decodeAny(wire);
    assertThat(codes(decoded)).containsExactly(53, 54, 51, 1, 3, 15, 43, 82);
    assertThat(decoded.file()).isEqualTo(bootFile);
  }

  @Test
  void keepsProtectedOptionsWhenDropping() throws Exception {
    DhcpOptions options =
        DhcpOptions.builder()
            .addByte(53, 5)
            .add(224, filler(250))
            .addIpv4(54, Ipv4.parse("198.19.2.2"))
            .add(225, filler(250))
            .addUint32(51, 60)
            .build();
    DhcpMessage reply = withFields(reply(options), filler(64), filler(128));

    byte[] wire = encoder.encodeReply(reply, DhcpEncoder.DEFAULT_MAX_SIZE);

    assertThat(codes(decoder.decodeAny(wire))).containsExactly(53, 224, 54, 51);
  }

  @Test
  void placesRelayAgentInformationLastBeforeEnd() throws Exception {
    DhcpOptions options =
        DhcpOptions.builder()
            .addByte(53, 5)
            .add(82, RELAY_AGENT_INFO)
            .addIpv4(54, Ipv4.parse("198.19.2.2"))
            .addUint32(51, 60)
            .build();

    byte[] wire = encoder.encodeReply(reply(options));

    int end = 240 + 3 + 6 + 6 + 6;
    assertThat(Arrays.copyOfRange(wire, end - 6, end + 1)).isEqualTo(hex("52 04 01027231 ff"));
    assertThat(codes(decoder.decodeAny(wire))).containsExactly(53, 54, 51, 82);
  }

  @Test
  void keepsRelayAgentInformationLastWhenOverloaded() throws Exception {
    DhcpOptions options =
        baseOptions().add(43, filler(250)).add(224, filler(100)).add(82, RELAY_AGENT_INFO).build();

    byte[] wire = encoder.encodeReply(reply(options), DhcpEncoder.DEFAULT_MAX_SIZE);

    DhcpMessage decoded = decoder.decodeAny(wire);
    List<Integer> codes = codes(decoded);
    assertThat(codes.get(codes.size() - 1)).isEqualTo(82);
    assertThat(decoded.options().get(82)).isEqualTo(RELAY_AGENT_INFO);
  }

  @Test
  void splitsValueLongerThan255IntoInstances() throws Exception {
    byte[] value = filler(300);
    DhcpOptions options = DhcpOptions.builder().addByte(53, 5).add(43, value).build();

    byte[] wire = encoder.encode(reply(options));

    assertThat(wire[243] & 0xff).isEqualTo(43);
    assertThat(wire[244] & 0xff).isEqualTo(255);
    assertThat(wire[243 + 2 + 255] & 0xff).isEqualTo(43);
    assertThat(wire[243 + 2 + 255 + 1] & 0xff).isEqualTo(45);
    assertThat(decoder.decodeAny(wire).options().get(43)).isEqualTo(value);
  }

  @Test
  void unknownOptionCodeSurvivesDecodeAndEncode() throws Exception {
    byte[] wire = TestPackets.request("350101 e00401020304 3702010c ff 000000");

    DhcpMessage m = decoder.decode(wire);

    assertThat(m.options().get(224)).isEqualTo(hex("01020304"));
    assertThat(encoder.encode(m)).isEqualTo(wire);
  }

  @Test
  void rejectsLimitBelow548() {
    DhcpMessage reply = reply(baseOptions().build());

    assertThatThrownBy(() -> encoder.encodeReply(reply, 547))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void derivesReplyLimitFromMaximumMessageSize() throws Exception {
    DhcpMessage udhcpc = decoder.decode(GoldenPackets.load("udhcpc-discover"));
    DhcpMessage dhcpcd = decoder.decode(GoldenPackets.load("dhcpcd-discover"));
    DhcpMessage dhclient = decoder.decode(GoldenPackets.load("dhclient-discover"));

    assertThat(DhcpEncoder.maxReplySize(udhcpc)).isEqualTo(548);
    assertThat(DhcpEncoder.maxReplySize(dhcpcd)).isEqualTo(1472 - 28);
    assertThat(DhcpEncoder.maxReplySize(dhclient)).isEqualTo(548);
  }

  @Test
  void neverDerivesReplyLimitBelow548() {
    DhcpMessage request = reply(DhcpOptions.builder().addByte(53, 1).addUint16(57, 300).build());

    assertThat(DhcpEncoder.maxReplySize(request)).isEqualTo(548);
  }

  private static DhcpOptions.Builder baseOptions() {
    return DhcpOptions.builder()
        .addByte(53, 5)
        .addIpv4(54, Ipv4.parse("198.19.2.2"))
        .addUint32(51, 60)
        .addIpv4(1, Ipv4.parse("255.255.255.0"))
        .addIpv4(3, Ipv4.parse("198.19.2.254"));
  }

  private static DhcpMessage reply(DhcpOptions options) {
    return new DhcpMessage(
        2,
        1,
        6,
        0,
        0x738caf58,
        0,
        0,
        0,
        Ipv4.parse("198.19.2.100"),
        0,
        0,
        chaddr(),
        null,
        null,
        true,
        options,
        0);
  }

  private static byte[] chaddr() {
    return Arrays.copyOf(TestPackets.MAC, 16);
  }

  private static DhcpMessage withTrailingBytes(DhcpMessage m, int trailingBytes) {
    return new DhcpMessage(
        m.op(),
        m.htype(),
        m.hlen(),
        m.hops(),
        m.xid(),
        m.secs(),
        m.flags(),
        m.ciaddr(),
        m.yiaddr(),
        m.siaddr(),
        m.giaddr(),
        m.chaddr(),
        m.sname(),
        m.file(),
        m.cookie(),
        m.options(),
        trailingBytes);
  }

  private static DhcpMessage withFields(DhcpMessage m, byte[] sname, byte[] file) {
    return new DhcpMessage(
        m.op(),
        m.htype(),
        m.hlen(),
        m.hops(),
        m.xid(),
        m.secs(),
        m.flags(),
        m.ciaddr(),
        m.yiaddr(),
        m.siaddr(),
        m.giaddr(),
        m.chaddr(),
        sname,
        file,
        m.cookie(),
        m.options(),
        m.trailingBytes());
  }

  /** Non-zero bytes that contain neither PAD nor END. */
  private static byte[] filler(int length) {
    byte[] b = new byte[length];
    for (int i = 0; i < length; i++) {
      b[i] = (byte) (1 + i % 250);
    }
    return b;
  }

  private static DhcpOptions withoutOverload(DhcpOptions options) {
    DhcpOptions.Builder b = DhcpOptions.builder();
    for (DhcpOptions.Entry e : options.entries()) {
      if (e.code().code() != 52) {
        b.add(e.code().code(), e.value());
      }
    }
    return b.build();
  }

  private static List<Integer> codes(DhcpMessage m) {
    return m.options().entries().stream().map(e -> e.code().code()).toList();
  }
}
