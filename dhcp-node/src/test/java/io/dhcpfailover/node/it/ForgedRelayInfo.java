package io.dhcpfailover.node.it;

import io.dhcpfailover.node.codec.dhcp.DhcpEncoder;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;

/**
 * A client that forges relay agent information, for tests, run inside a namespace: it sends
 * DISCOVERs with option 82 (circuit id "evil") and no giaddr, from port 68 to the server, as a host
 * on a client segment would to pass for a port a reservation or class matches on. Bounded.
 *
 * <p>Usage: {@code ForgedRelayInfo SERVER COUNT PER-SECOND}. Prints {@code SENT n}.
 */
public final class ForgedRelayInfo {
  public static void main(String[] args) throws Exception {
    String server = args[0];
    int count = Integer.parseInt(args[1]);
    long gapMillis = 1000 / Math.max(1, Integer.parseInt(args[2]));
    DhcpEncoder encoder = new DhcpEncoder();
    int sent = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(68))) {
      for (int i = 0; i < count; i++) {
        byte[] chaddr = new byte[16];
        chaddr[0] = 0x02;
        chaddr[1] = (byte) 0xee;
        chaddr[5] = (byte) i;
        DhcpOptions o = DhcpOptions.builder()
            .addByte(53, DhcpMessageType.DISCOVER.code())
            .add(82, new byte[] {1, 4, 'e', 'v', 'i', 'l'})
            .build();
        DhcpMessage m = new DhcpMessage(1, 1, 6, 1, 0x0f0f0000 + i, 0, 0, 0, 0, 0, 0, chaddr, null, null, true, o, 0);
        byte[] b = encoder.encode(m);
        socket.send(new DatagramPacket(b, b.length, new InetSocketAddress(server, 67)));
        sent++;
        Thread.sleep(gapMillis);
      }
    }
    System.out.println("SENT " + sent);
  }
}
