package io.dhcpfailover.node.it;

import io.dhcpfailover.node.codec.dhcp.DhcpDecoder;
import io.dhcpfailover.node.codec.dhcp.DhcpEncoder;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * A configured host that sends a DHCPINFORM with ciaddr 0 (as some clients do, against RFC 2131
 * Table 5) from its address, port 68, and waits for the ACK on a socket bound to that address
 * only: a reply broadcast to 255.255.255.255 never reaches it. Prints {@code INFORM_ACK} with the
 * options, or {@code NO_ANSWER}. Bounded to a few seconds.
 *
 * <p>Usage: {@code InformProbe SERVER OWN-ADDRESS}.
 */
public final class InformProbe {
  public static void main(String[] args) throws Exception {
    int own = Ipv4.parse(args[1]);
    byte[] chaddr = new byte[16];
    chaddr[0] = 0x02;
    chaddr[5] = 0x31;
    int xid = 0x1f0e0001;
    DhcpMessage inform =
        new DhcpMessage(1, 1, 6, 0, xid, 0, 0, 0, 0, 0, 0, chaddr, null, null, true,
            DhcpOptions.builder().addByte(53, DhcpMessageType.INFORM.code()).add(55, new byte[] {1, 3, 15}).build(), 0);
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Ipv4.toInet(own), 68))) {
      socket.setSoTimeout(500);
      DhcpMessage ack = null;
      for (int attempt = 0; attempt < 3 && ack == null; attempt++) {
        LeaseProbe.send(socket, new DhcpEncoder(), args[0], inform);
        ack = LeaseProbe.await(socket, new DhcpDecoder(), xid, DhcpMessageType.ACK, 2000);
      }
      System.out.println(ack == null ? "NO_ANSWER" : "INFORM_ACK yiaddr=" + Ipv4.format(ack.yiaddr()) + " " + ack.options());
    }
  }
}
