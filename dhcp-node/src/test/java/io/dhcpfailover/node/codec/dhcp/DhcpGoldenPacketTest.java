package io.dhcpfailover.node.codec.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real-wire packets of ISC dhclient, BusyBox udhcpc, dhcpcd, dhcping, Kea perfdhcp, ISC dhcrelay
 * and ISC dhcpd replies: each decodes to what its annotations say and re-encodes byte for byte.
 */
class DhcpGoldenPacketTest {
  private static final String DHCLIENT_MAC = "02:47:43:00:02:01";
  private static final String RELAYED_MAC = "02:47:43:00:03:01";
  private static final String DHCPING_MAC = "02:47:43:00:02:20";
  private static final String PERFDHCP_MAC = "00:0c:01:02:03:04";
  private static final String SERVER_ID = "c6130202";
  private static final String DHCLIENT_PRL = "011c02030f060c";
  private static final String RELAY_AGENT_INFO = "01027231";

  private final DhcpDecoder decoder = new DhcpDecoder();
  private final DhcpEncoder encoder = new DhcpEncoder();

  static List<String> capturedNames() {
    return GoldenPackets.capturedNames();
  }

  @Test
  void findsAllThirtyCapturedPackets() {
    assertThat(capturedNames()).hasSize(30);
  }

  @ParameterizedTest
  @MethodSource("capturedNames")
  void reencodesCapturedPacketByteForByte(String name) throws Exception {
    byte[] wire = GoldenPackets.load(name);

    DhcpMessage message = decoder.decodeAny(wire);

    assertThat(encoder.encode(message)).isEqualTo(wire);
  }

  @Test
  void decodesDhclientDiscover() throws Exception {
    DhcpMessage m = request("dhclient-discover");

    assertHeader(m, 1, 0, 0x738caf58, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.DISCOVER);
    assertThat(codes(m)).containsExactly(53, 55);
    assertOption(m, 55, DHCLIENT_PRL);
    assertThat(m.trailingBytes()).isEqualTo(47);
  }

  @Test
  void decodesDhclientRequestSelecting() throws Exception {
    DhcpMessage m = request("dhclient-request-selecting");

    assertHeader(m, 1, 0, 0x738caf58, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 54, 50, 55);
    assertOption(m, 54, SERVER_ID);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.2.100"));
    assertOption(m, 55, DHCLIENT_PRL);
  }

  @Test
  void decodesDhclientRequestInitReboot() throws Exception {
    DhcpMessage m = request("dhclient-request-initreboot");

    assertHeader(m, 1, 0, 0xc24da13f, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 50, 55);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.2.100"));
  }

  @Test
  void decodesDhclientRequestInitRebootForForeignAddress() throws Exception {
    DhcpMessage m = request("dhclient-request-initreboot-foreign");

    assertHeader(m, 1, 0, 0xdd38bc1f, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(codes(m)).containsExactly(53, 50, 55);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.9.50"));
  }

  @Test
  void decodesDhclientRequestRenewing() throws Exception {
    DhcpMessage m = request("dhclient-request-renewing");

    assertHeader(m, 1, 0, 0x6401486b, 0, "198.19.2.100", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 55);
  }

  @Test
  void decodesDhclientRelease() throws Exception {
    DhcpMessage m = request("dhclient-release");

    assertHeader(m, 1, 0, 0x99c24278, 0, "198.19.2.100", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.RELEASE);
    assertThat(codes(m)).containsExactly(53, 54);
    assertOption(m, 54, SERVER_ID);
  }

  @Test
  void decodesDhcpdOfferToDhclient() throws Exception {
    DhcpMessage m = reply("dhclient-server-offer");

    assertHeader(m, 2, 0, 0x738caf58, 0, "0.0.0.0", "198.19.2.100", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6);
    assertOption(m, 54, SERVER_ID);
    assertThat(m.options().getUnsigned(51, -1)).isEqualTo(60);
    assertOption(m, 1, "ffffff00");
    assertOption(m, 3, "c61302fe");
    assertThat(m.options().getText(15)).isEqualTo("gc.test");
    assertOption(m, 6, "c6130235");
    assertThat(m.trailingBytes()).isEqualTo(17);
  }

  @Test
  void decodesDhcpdAckToDhclient() throws Exception {
    DhcpMessage m = reply("dhclient-server-ack");

    assertHeader(m, 2, 0, 0x738caf58, 0, "0.0.0.0", "198.19.2.100", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6);
    assertThat(m.options().getUnsigned(51, -1)).isEqualTo(60);
  }

  @Test
  void decodesDhcpdAckToInitReboot() throws Exception {
    DhcpMessage m = reply("dhclient-server-ack-initreboot");

    assertHeader(m, 2, 0, 0xc24da13f, 0, "0.0.0.0", "198.19.2.100", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(m.options().getUnsigned(51, -1)).isEqualTo(56);
  }

  @Test
  void decodesDhcpdAckToRenewingWithCiaddrCopied() throws Exception {
    DhcpMessage m = reply("dhclient-server-ack-renewing");

    assertHeader(m, 2, 0, 0x6401486b, 0, "198.19.2.100", "198.19.2.100", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6);
  }

  @Test
  void decodesDhcpdNakWithBroadcastFlag() throws Exception {
    DhcpMessage m = reply("dhclient-server-nak");

    assertHeader(m, 2, 0, 0xdd38bc1f, 0x8000, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.broadcast()).isTrue();
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.NAK);
    assertThat(codes(m)).containsExactly(53, 54, 56);
    assertThat(m.options().getText(56)).isEqualTo("requested address not available");
  }

  @Test
  void decodesUdhcpcDiscoverWithClientIdAndMaxSize() throws Exception {
    DhcpMessage m = request("udhcpc-discover");

    assertHeader(m, 1, 0, 0xc7e7bd31, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.DISCOVER);
    assertThat(codes(m)).containsExactly(53, 57, 55, 60, 61);
    assertThat(m.options().getUnsigned(57, -1)).isEqualTo(576);
    assertOption(m, 55, "0103060c0f1c2a");
    assertThat(m.options().getText(60)).isEqualTo("udhcp 1.35.0");
    assertOption(m, 61, "01" + DHCLIENT_MAC.replace(":", ""));
  }

  @Test
  void decodesUdhcpcRequestSelecting() throws Exception {
    DhcpMessage m = request("udhcpc-request-selecting");

    assertHeader(m, 1, 0, 0xc7e7bd31, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 50, 54, 57, 55, 60, 61);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.2.100"));
    assertOption(m, 54, SERVER_ID);
    assertOption(m, 61, "01024743000201");
  }

  @Test
  void decodesDhcpdOfferToUdhcpcInPrlOrder() throws Exception {
    DhcpMessage m = reply("udhcpc-server-offer");

    assertHeader(m, 2, 0, 0xc7e7bd31, 0, "0.0.0.0", "198.19.2.100", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 6, 15);
  }

  @Test
  void decodesDhcpdAckToUdhcpc() throws Exception {
    DhcpMessage m = reply("udhcpc-server-ack");

    assertHeader(m, 2, 0, 0xc7e7bd31, 0, "0.0.0.0", "198.19.2.100", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 6, 15);
  }

  @Test
  void decodesDhcpcdDiscoverWithoutPadding() throws Exception {
    byte[] wire = GoldenPackets.load("dhcpcd-discover");
    DhcpMessage m = decoder.decode(wire);

    assertThat(wire).hasSize(319);
    assertHeader(m, 1, 0, 0xf7a45746, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.DISCOVER);
    assertThat(codes(m)).containsExactly(53, 55, 57, 60, 116, 145);
    assertOption(m, 55, "01031c21333a3b");
    assertThat(m.options().getUnsigned(57, -1)).isEqualTo(1472);
    assertThat(m.options().getText(60))
        .isEqualTo("dhcpcd-9.4.1:Linux-6.18.44-fc-v657:x86_64:AuthenticAMD");
    assertOption(m, 116, "01");
    assertOption(m, 145, "01");
    assertThat(m.trailingBytes()).isZero();
  }

  @Test
  void decodesDhcpdOfferToDhcpcd() throws Exception {
    DhcpMessage m = reply("dhcpcd-server-offer");

    assertHeader(m, 2, 0, 0xf7a45746, 0, "0.0.0.0", "198.19.2.101", "0.0.0.0", DHCLIENT_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3);
    assertThat(m.trailingBytes()).isEqualTo(32);
  }

  @Test
  void decodesDhcpingInform() throws Exception {
    DhcpMessage m = request("dhcping-inform");

    assertHeader(m, 1, 0, 0xcd88026b, 0, "198.19.2.20", "0.0.0.0", "0.0.0.0", DHCPING_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.INFORM);
    assertThat(codes(m)).containsExactly(53, 55);
    assertOption(m, 55, "01");
    assertThat(m.trailingBytes()).isZero();
  }

  @Test
  void decodesDhcpingRequest() throws Exception {
    DhcpMessage m = request("dhcping-request");

    assertHeader(m, 1, 0, 0xd188026b, 0, "198.19.2.20", "0.0.0.0", "0.0.0.0", DHCPING_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 50);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.2.20"));
  }

  @Test
  void decodesDhcpdAckToInformWithoutLeaseTime() throws Exception {
    DhcpMessage m = reply("dhcping-server-ack-inform");

    assertHeader(m, 2, 0, 0xcd88026b, 0, "198.19.2.20", "0.0.0.0", "0.0.0.0", DHCPING_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(codes(m)).containsExactly(53, 54, 1);
  }

  @Test
  void decodesPerfdhcpDiscoverActingAsRelay() throws Exception {
    DhcpMessage m = request("perfdhcp-discover");

    assertHeader(m, 1, 1, 0, 0, "0.0.0.0", "0.0.0.0", "198.19.2.20", PERFDHCP_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.DISCOVER);
    assertThat(codes(m)).containsExactly(53, 55, 61);
    assertOption(m, 55, DHCLIENT_PRL);
    assertOption(m, 61, "01000c01020304");
  }

  @Test
  void decodesPerfdhcpRequest() throws Exception {
    DhcpMessage m = request("perfdhcp-request");

    assertHeader(m, 1, 1, 0, 0, "0.0.0.0", "0.0.0.0", "198.19.2.20", PERFDHCP_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 50, 54, 55, 61);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.2.102"));
  }

  @Test
  void decodesDhcpdOfferToPerfdhcp() throws Exception {
    DhcpMessage m = reply("perfdhcp-server-offer");

    assertHeader(m, 2, 1, 0, 0, "0.0.0.0", "198.19.2.102", "198.19.2.20", PERFDHCP_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6);
  }

  @Test
  void decodesDhcpdAckToPerfdhcp() throws Exception {
    DhcpMessage m = reply("perfdhcp-server-ack");

    assertHeader(m, 2, 1, 0, 0, "0.0.0.0", "198.19.2.102", "198.19.2.20", PERFDHCP_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6);
  }

  @Test
  void decodesClientDiscoverBeforeTheRelay() throws Exception {
    DhcpMessage m = request("dhcrelay-client-discover");

    assertHeader(m, 1, 0, 0x410b791c, 0, "0.0.0.0", "0.0.0.0", "0.0.0.0", RELAYED_MAC);
    assertThat(codes(m)).containsExactly(53, 55);
  }

  @Test
  void decodesRelayedDiscoverWithCircuitId() throws Exception {
    DhcpMessage m = request("dhcrelay-discover-relayed");

    assertHeader(m, 1, 1, 0x410b791c, 0, "0.0.0.0", "0.0.0.0", "198.19.3.1", RELAYED_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.DISCOVER);
    assertThat(codes(m)).containsExactly(53, 55, 82);
    assertOption(m, 82, RELAY_AGENT_INFO);
  }

  @Test
  void decodesRelayedRequestWithCircuitId() throws Exception {
    DhcpMessage m = request("dhcrelay-request-relayed");

    assertHeader(m, 1, 1, 0x410b791c, 0, "0.0.0.0", "0.0.0.0", "198.19.3.1", RELAYED_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.REQUEST);
    assertThat(codes(m)).containsExactly(53, 54, 50, 55, 82);
    assertThat(m.options().getIpv4(50, 0)).isEqualTo(Ipv4.parse("198.19.3.100"));
    assertOption(m, 82, RELAY_AGENT_INFO);
  }

  @Test
  void decodesDhcpdOfferToRelayWithOption82Last() throws Exception {
    DhcpMessage m = reply("dhcrelay-server-offer-relayed");

    assertHeader(m, 2, 1, 0x410b791c, 0, "0.0.0.0", "198.19.3.100", "198.19.3.1", RELAYED_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6, 82);
    assertOption(m, 3, "c6130301");
    assertOption(m, 82, RELAY_AGENT_INFO);
  }

  @Test
  void decodesDhcpdAckToRelayWithOption82Last() throws Exception {
    DhcpMessage m = reply("dhcrelay-server-ack-relayed");

    assertHeader(m, 2, 1, 0x410b791c, 0, "0.0.0.0", "198.19.3.100", "198.19.3.1", RELAYED_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.ACK);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6, 82);
    assertOption(m, 82, RELAY_AGENT_INFO);
    assertThat(m.trailingBytes()).isEqualTo(11);
  }

  @Test
  void decodesOfferForwardedByRelayWithOption82Stripped() throws Exception {
    DhcpMessage m = reply("dhcrelay-offer-to-client");

    assertHeader(m, 2, 1, 0x410b791c, 0, "0.0.0.0", "198.19.3.100", "198.19.3.1", RELAYED_MAC);
    assertThat(m.messageType()).isEqualTo(DhcpMessageType.OFFER);
    assertThat(codes(m)).containsExactly(53, 54, 51, 1, 3, 15, 6);
  }

  private DhcpMessage request(String name) throws MalformedPacketException {
    return decoder.decode(GoldenPackets.load(name));
  }

  private DhcpMessage reply(String name) throws MalformedPacketException {
    return decoder.decodeAny(GoldenPackets.load(name));
  }

  private static void assertHeader(
      DhcpMessage m,
      int op,
      int hops,
      int xid,
      int flags,
      String ciaddr,
      String yiaddr,
      String giaddr,
      String mac) {
    assertThat(m.op()).as("op").isEqualTo(op);
    assertThat(m.htype()).as("htype").isEqualTo(1);
    assertThat(m.hlen()).as("hlen").isEqualTo(6);
    assertThat(m.hops()).as("hops").isEqualTo(hops);
    assertThat(m.xid()).as("xid").isEqualTo(xid);
    assertThat(m.secs()).as("secs").isZero();
    assertThat(m.flags()).as("flags").isEqualTo(flags);
    assertThat(Ipv4.format(m.ciaddr())).as("ciaddr").isEqualTo(ciaddr);
    assertThat(Ipv4.format(m.yiaddr())).as("yiaddr").isEqualTo(yiaddr);
    assertThat(Ipv4.format(m.siaddr())).as("siaddr").isEqualTo("0.0.0.0");
    assertThat(Ipv4.format(m.giaddr())).as("giaddr").isEqualTo(giaddr);
    assertThat(Hex.colon(m.hardwareAddress())).as("chaddr").isEqualTo(mac);
    assertThat(m.sname()).as("sname").containsOnly(0);
    assertThat(m.file()).as("file").containsOnly(0);
    assertThat(m.cookie()).as("cookie").isTrue();
  }

  private static List<Integer> codes(DhcpMessage m) {
    return m.options().entries().stream().map(e -> e.code().code()).toList();
  }

  private static void assertOption(DhcpMessage m, int code, String hex) {
    assertThat(m.options().get(code)).as("option %d", code).isEqualTo(Hex.parse(hex));
  }
}
