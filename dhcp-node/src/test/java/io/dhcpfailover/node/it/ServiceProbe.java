package io.dhcpfailover.node.it;

import io.dhcpfailover.node.codec.dhcp.DhcpDecoder;
import io.dhcpfailover.node.codec.dhcp.DhcpEncoder;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Hex;
import io.dhcpfailover.node.util.Ipv4;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A steady stream of clients that measures how long DHCP service goes away: a relay-style client
 * (giaddr = its own address, source port 67, every message relayed to all servers as a relay
 * configured with both would) that, every {@code INTERVAL} ms, takes the next of {@code CLIENTS}
 * hardware addresses in turn and either gets it a lease (DISCOVER/OFFER/REQUEST/ACK) or, when it
 * holds one, renews it (REQUEST with ciaddr, as a client in REBINDING). Each DHCPACK is appended to
 * an ACK log ({@link AckRecord} lines, flushed at once) so the duplicate-address checker can read
 * it; a NAK drops the client's lease so the next turn starts over, and so does a lease that ran out
 * unrenewed (RFC 2131 §4.4.5: at expiry the client returns to INIT).
 *
 * <p>It stops at the deadline or as soon as {@code STOP-FILE} exists, and prints {@code SERVED n
 * FAILED m MAX_GAP_MS g}: g is the longest time between two answered turns (each turn waits at most
 * 1.5 s per message, so an outage shows up as a gap even when no turn is answered).
 *
 * <p>Usage: {@code ServiceProbe SERVER[,SERVER2] GIADDR CLIENTS INTERVAL-MS SECONDS OUT-FILE
 * STOP-FILE [MAC-BYTE]}.
 */
public final class ServiceProbe {
  private static final long ANSWER_MS = 1500;

  public static void main(String[] args) throws Exception {
    String[] servers = args[0].split(",");
    int giaddr = Ipv4.parse(args[1]);
    int clients = Integer.parseInt(args[2]);
    long interval = Long.parseLong(args[3]);
    long deadline = System.currentTimeMillis() + Long.parseLong(args[4]) * 1000;
    Path out = Path.of(args[5]);
    Path stop = Path.of(args[6]);
    int macByte = args.length > 7 ? Integer.parseInt(args[7], 16) : 0x5e;

    DhcpEncoder encoder = new DhcpEncoder();
    DhcpDecoder decoder = new DhcpDecoder();
    int[] leased = new int[clients];
    long[] leaseEnd = new long[clients];
    long served = 0;
    long failed = 0;
    long lastServed = 0;
    long maxGap = 0;
    try (DatagramSocket socket =
            new DatagramSocket(new InetSocketAddress(Ipv4.toInet(giaddr), 67));
        PrintWriter log =
            new PrintWriter(
                Files.newBufferedWriter(
                    out, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      socket.setSoTimeout(250);
      // bounded by the deadline and by the number of turns that fit in it
      long maxTurns = (deadline - System.currentTimeMillis()) / Math.max(1, interval) + 1;
      for (long turn = 0;
          turn < maxTurns && System.currentTimeMillis() < deadline && !Files.exists(stop);
          turn++) {
        long began = System.currentTimeMillis();
        int i = (int) (turn % clients);
        byte[] chaddr = new byte[16];
        chaddr[0] = 0x02;
        chaddr[1] = (byte) macByte;
        chaddr[4] = (byte) (i >>> 8);
        chaddr[5] = (byte) i;
        String client = Hex.colon(Arrays.copyOf(chaddr, 6));
        int xid = (macByte << 24) ^ (int) (turn * 7919) ^ 0x00a50000;
        DhcpMessage ack;
        long start = System.currentTimeMillis();
        if (leased[i] != 0 && start >= leaseEnd[i]) {
          leased[i] = 0;
        }
        if (leased[i] != 0) {
          DhcpOptions o =
              DhcpOptions.builder()
                  .addByte(53, DhcpMessageType.REQUEST.code())
                  .add(55, new byte[] {1, 3, 6})
                  .build();
          DhcpMessage req =
              new DhcpMessage(
                  1, 1, 6, 1, xid, 0, 0, leased[i], 0, 0, giaddr, chaddr, null, null, true, o, 0);
          for (String s : servers) {
            LeaseProbe.send(socket, encoder, s, req);
          }
          ack = LeaseProbe.await(socket, decoder, xid, null, ANSWER_MS);
        } else {
          for (String s : servers) {
            LeaseProbe.send(
                socket,
                encoder,
                s,
                LeaseProbe.request(xid, giaddr, chaddr, DhcpMessageType.DISCOVER, 0, 0));
          }
          DhcpMessage offer =
              LeaseProbe.await(socket, decoder, xid, DhcpMessageType.OFFER, ANSWER_MS);
          ack = null;
          if (offer != null) {
            start = System.currentTimeMillis();
            DhcpMessage req =
                LeaseProbe.request(
                    xid,
                    giaddr,
                    chaddr,
                    DhcpMessageType.REQUEST,
                    offer.yiaddr(),
                    offer.options().getIpv4(54, 0));
            for (String s : servers) {
              LeaseProbe.send(socket, encoder, s, req);
            }
            ack = LeaseProbe.await(socket, decoder, xid, null, ANSWER_MS);
          }
        }
        long now = System.currentTimeMillis();
        if (ack != null && ack.messageType() == DhcpMessageType.ACK) {
          leased[i] = ack.yiaddr();
          long leaseMs = ack.options().getUnsigned(51, 0) * 1000;
          leaseEnd[i] = start + leaseMs;
          log.println(
              new AckRecord(
                      Ipv4.format(ack.yiaddr()),
                      client,
                      start,
                      start + leaseMs,
                      Ipv4.format(ack.options().getIpv4(54, 0)))
                  .line());
          log.flush();
          served++;
          if (lastServed != 0) {
            maxGap = Math.max(maxGap, now - lastServed);
          }
          lastServed = now;
        } else {
          if (ack != null) {
            leased[i] = 0;
          }
          failed++;
          System.out.println("UNANSWERED " + client + " at " + now + (ack == null ? "" : " NAK"));
        }
        long rest = interval - (System.currentTimeMillis() - began);
        if (rest > 0) {
          Thread.sleep(rest);
        }
      }
    }
    System.out.println("SERVED " + served + " FAILED " + failed + " MAX_GAP_MS " + maxGap);
  }

  private ServiceProbe() {}
}
