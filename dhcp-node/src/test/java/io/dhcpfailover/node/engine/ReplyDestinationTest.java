package io.dhcpfailover.node.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where each reply goes (RFC 2131 §4.1, and §4.3.5 for DHCPINFORM), one row per message type,
 * relayed or not, broadcast bit set or not, ciaddr set or not, through the engine.
 */
class ReplyDestinationTest {
  static final int GIADDR = Ipv4.parse("198.18.1.1");
  static final int BCAST = Reply.BROADCAST;
  /** Stands for "the client's ciaddr" / "the datagram's source address" in the table. */
  static final int CIADDR = -2;
  static final int SOURCE = -3;
  /** No reply at all. */
  static final int NONE = 0;

  enum Kind {
    OFFER,
    ACK,
    NAK,
    INFORM_ACK
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // kind, relayed, broadcast bit, ciaddr set, source address set -> destination, port, bit in reply
        row(Kind.OFFER, true, false, false, true, GIADDR, 67, false),
        row(Kind.OFFER, true, true, false, true, GIADDR, 67, true),
        row(Kind.OFFER, false, true, false, false, BCAST, 68, true),
        // no ARP injection: the unicast to yiaddr at chaddr of §4.1 becomes a broadcast
        row(Kind.OFFER, false, false, false, false, BCAST, 68, false),
        row(Kind.ACK, true, false, false, true, GIADDR, 67, false),
        row(Kind.ACK, true, true, true, true, GIADDR, 67, true),
        row(Kind.ACK, false, false, true, true, CIADDR, 68, false),
        // ciaddr comes before the broadcast bit in §4.1
        row(Kind.ACK, false, true, true, true, CIADDR, 68, true),
        row(Kind.ACK, false, true, false, false, BCAST, 68, true),
        row(Kind.ACK, false, false, false, false, BCAST, 68, false),
        // §4.3.2: a relayed NAK carries the broadcast bit so the relay broadcasts it
        row(Kind.NAK, true, false, false, true, GIADDR, 67, true),
        row(Kind.NAK, true, false, true, true, GIADDR, 67, true),
        // §4.1: with giaddr zero every NAK is broadcast, whatever ciaddr and the bit say
        row(Kind.NAK, false, false, true, true, BCAST, 68, false),
        row(Kind.NAK, false, true, true, true, BCAST, 68, true),
        row(Kind.NAK, false, false, false, false, BCAST, 68, false),
        // §4.3.5: the ACK to an INFORM goes to ciaddr, also when relayed (as ISC dhcpd and Kea)
        row(Kind.INFORM_ACK, false, false, true, true, CIADDR, 68, false),
        row(Kind.INFORM_ACK, false, true, true, true, CIADDR, 68, true),
        row(Kind.INFORM_ACK, true, false, true, true, CIADDR, 68, false),
        // no ciaddr, relayed: to the relay with the broadcast bit (the relay has no yiaddr to use)
        row(Kind.INFORM_ACK, true, false, false, true, GIADDR, 67, true),
        // no ciaddr, not relayed: to the datagram's source address, never a broadcast
        row(Kind.INFORM_ACK, false, false, false, true, SOURCE, 68, false),
        row(Kind.INFORM_ACK, false, true, false, true, SOURCE, 68, true),
        // no ciaddr and no source address: nowhere to send it
        row(Kind.INFORM_ACK, false, false, false, false, NONE, 0, false));
  }

  private static Arguments row(
      Kind kind, boolean relayed, boolean bit, boolean ciaddr, boolean source, int to, int port, boolean bitOut) {
    return Arguments.of(kind, relayed, bit, ciaddr, source, to, port, bitOut);
  }

  @ParameterizedTest(name = "{0} relayed={1} broadcastBit={2} ciaddr={3} source={4}")
  @MethodSource("table")
  void repliesGoWhereRfc2131Section41Says(
      Kind kind, boolean relayed, boolean bit, boolean withCiaddr, boolean withSource,
      int to, int port, boolean bitOut) {
    DhcpEngineTest f = new DhcpEngineTest();
    f.setUp();
    int giaddr = relayed ? GIADDR : 0;
    String ifname = relayed ? null : "eth1";
    int leased = lease(f, 1, giaddr, ifname);
    int ciaddr = withCiaddr ? leased : 0;
    int source = withSource ? (relayed ? GIADDR : Ipv4.parse("198.18.0.77")) : 0;
    if (kind == Kind.INFORM_ACK && withCiaddr) {
      source = ciaddr;
    }
    DhcpMessage request =
        switch (kind) {
          case OFFER -> DhcpEngineTest.msg(DhcpMessageType.DISCOVER, 2, 0, giaddr, null);
          case ACK -> withCiaddr
              ? DhcpEngineTest.msg(DhcpMessageType.REQUEST, 1, leased, giaddr, null)
              : selecting(f, giaddr, ifname);
          // a client asking for an address it does not hold: another client's (ciaddr) or one
          // of another network (INIT-REBOOT)
          case NAK -> withCiaddr
              ? DhcpEngineTest.msg(DhcpMessageType.REQUEST, 2, leased, giaddr, null)
              : DhcpEngineTest.msg(DhcpMessageType.REQUEST, 2, 0, giaddr,
                  DhcpOptions.builder().addIpv4(50, Ipv4.parse("198.19.9.50")));
          case INFORM_ACK -> DhcpEngineTest.msg(DhcpMessageType.INFORM, 3, ciaddr, giaddr, null);
        };
    request = withFlags(request, bit ? DhcpMessage.FLAG_BROADCAST : 0);
    Reply reply = f.engine.handle(request, new Ingress(ifname, source, relayed ? 67 : 68)).toCompletableFuture().join();

    if (to == NONE) {
      assertThat(reply).isNull();
      return;
    }
    assertThat(reply).isNotNull();
    assertThat(reply.message().messageType())
        .isEqualTo(kind == Kind.NAK ? DhcpMessageType.NAK : kind == Kind.OFFER ? DhcpMessageType.OFFER : DhcpMessageType.ACK);
    int expected = to == CIADDR ? ciaddr : to == SOURCE ? source : to;
    assertThat(Ipv4.format(reply.destination())).isEqualTo(Ipv4.format(expected));
    assertThat(reply.port()).isEqualTo(port);
    assertThat((reply.message().flags() & DhcpMessage.FLAG_BROADCAST) != 0).as("broadcast bit in the reply").isEqualTo(bitOut);
  }

  /** A lease for client {@code mac} through DISCOVER/OFFER/REQUEST/ACK; its address. */
  private static int lease(DhcpEngineTest f, int mac, int giaddr, String ifname) {
    Reply offer = f.run(DhcpEngineTest.msg(DhcpMessageType.DISCOVER, mac, 0, giaddr, null), ifname);
    Reply ack = f.run(DhcpEngineTest.msg(DhcpMessageType.REQUEST, mac, 0, giaddr,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, DhcpEngineTest.SERVER)), ifname);
    assertThat(ack.message().messageType()).isEqualTo(DhcpMessageType.ACK);
    return ack.message().yiaddr();
  }

  /** A SELECTING REQUEST of a new client (4) for the address it was just offered. */
  private static DhcpMessage selecting(DhcpEngineTest f, int giaddr, String ifname) {
    Reply offer = f.run(DhcpEngineTest.msg(DhcpMessageType.DISCOVER, 4, 0, giaddr, null), ifname);
    return DhcpEngineTest.msg(DhcpMessageType.REQUEST, 4, 0, giaddr,
        DhcpOptions.builder().addIpv4(50, offer.message().yiaddr()).addIpv4(54, DhcpEngineTest.SERVER));
  }

  private static DhcpMessage withFlags(DhcpMessage m, int flags) {
    return new DhcpMessage(m.op(), m.htype(), m.hlen(), m.hops(), m.xid(), m.secs(), flags, m.ciaddr(), m.yiaddr(),
        m.siaddr(), m.giaddr(), m.chaddr(), m.sname(), m.file(), m.cookie(), m.options(), m.trailingBytes());
  }
}
