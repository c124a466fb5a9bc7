package io.dhcpfailover.node.engine;

import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;

/**
 * Where a reply goes: RFC 2131 §4.1 for OFFER, ACK and NAK, §4.3.5 for the ACK to a DHCPINFORM.
 *
 * @param destination IPv4 destination, {@link Reply#BROADCAST} for the limited broadcast
 * @param port UDP destination port: 67 to a relay agent, 68 to a client
 * @param broadcastBit whether the reply must carry the BROADCAST flag whatever the request's
 */
record ReplyRoute(int destination, int port, boolean broadcastBit) {
  static final int SERVER_PORT = 67;
  static final int CLIENT_PORT = 68;

  /**
   * The route of the reply of {@code type} to {@code req}, or null when there is nowhere to send
   * it. {@code sourceAddress} is the request datagram's IPv4 source address (0 if unknown).
   *
   * <p>OFFER, ACK, NAK (§4.1, checked in order): giaddr set: to the relay's server port (a NAK with
   * the BROADCAST flag, §4.3.2, so that the relay broadcasts it); a NAK otherwise always to the
   * limited broadcast; ciaddr set: unicast to ciaddr; otherwise the limited broadcast. §4.1 would
   * unicast to yiaddr at chaddr when the BROADCAST flag is clear, which needs an ARP entry the
   * server cannot add without raw sockets; the RFC allows the broadcast instead.
   */
  static ReplyRoute of(DhcpMessage req, DhcpMessageType type, int sourceAddress) {
    if (req.messageType() == DhcpMessageType.INFORM) {
      return informAck(req, sourceAddress);
    }
    if (req.giaddr() != 0) {
      return new ReplyRoute(req.giaddr(), SERVER_PORT, type == DhcpMessageType.NAK);
    }
    if (type == DhcpMessageType.NAK || req.ciaddr() == 0) {
      return new ReplyRoute(Reply.BROADCAST, CLIENT_PORT, false);
    }
    return new ReplyRoute(req.ciaddr(), CLIENT_PORT, false);
  }

  /**
   * The ACK to a DHCPINFORM goes "directly to the address given in the 'ciaddr' field" (§4.3.5),
   * also when the INFORM came through a relay: a relay forwards a reply to yiaddr, which an ACK to
   * an INFORM leaves zero. Table 5 has the client fill in ciaddr, yet some clients leave it zero;
   * for those this follows ISC dhcpd 4.4 ({@code dhcpinform()}) and Kea ({@code
   * Dhcpv4Srv::adjustRemoteAddr}), which agree: relayed, to the relay with the BROADCAST flag set
   * (the relay has no address to forward it to); not relayed, to the datagram's IP source address;
   * with no source address either, no reply (ISC logs "ignored (null source address)", Kea drops it
   * in {@code acceptDirectRequest}). Never a broadcast of parameters to an address the client did
   * not give.
   */
  private static ReplyRoute informAck(DhcpMessage req, int sourceAddress) {
    if (req.ciaddr() != 0) {
      return new ReplyRoute(req.ciaddr(), CLIENT_PORT, false);
    }
    if (req.giaddr() != 0) {
      return new ReplyRoute(req.giaddr(), SERVER_PORT, true);
    }
    if (sourceAddress != 0 && sourceAddress != Reply.BROADCAST) {
      return new ReplyRoute(sourceAddress, CLIENT_PORT, false);
    }
    return null;
  }
}
