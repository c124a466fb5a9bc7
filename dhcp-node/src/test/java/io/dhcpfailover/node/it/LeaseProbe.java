package io.dhcpfailover.node.it;

import io.dhcpfailover.node.codec.dhcp.DhcpDecoder;
import io.dhcpfailover.node.codec.dhcp.DhcpEncoder;
import io.dhcpfailover.node.codec.dhcp.DhcpMessage;
import io.dhcpfailover.node.codec.dhcp.DhcpMessageType;
import io.dhcpfailover.node.codec.dhcp.DhcpOptions;
import io.dhcpfailover.node.util.Ipv4;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A relay-style DHCP client for tests, run as its own process inside a namespace: it acts as a
 * relay agent (giaddr = its own address, source port 67), gets leases for {@code count} distinct
 * hardware addresses with DISCOVER/OFFER/REQUEST/ACK, and appends each DHCPACK to an ACK log only
 * when it arrives ({@link AckRecord} lines, flushed at once). Bounded in count and time.
 *
 * <p>Usage: {@code LeaseProbe SERVER[,SERVER2] GIADDR COUNT OUT-FILE [MAC-BYTE] [SECONDS] [ACK-FILE
 * [renew|release|decline]]}. With two servers, DISCOVER goes to both (as a relay configured with
 * both would) and the first OFFER wins. With an ACK-FILE (an ACK log) it instead renews each lease
 * listed there with a REQUEST carrying ciaddr (a client in REBINDING, relayed to both servers), or
 * releases it (DHCPRELEASE with ciaddr to the server that acknowledged it), or declines it
 * (DHCPDECLINE with the requested address and that server's identifier); a release or a decline
 * has no answer.
 */
public final class LeaseProbe {
  public static void main(String[] args) throws Exception {
    String[] servers = args[0].split(",");
    int giaddr = Ipv4.parse(args[1]);
    int count = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    int macByte = args.length > 4 ? Integer.parseInt(args[4], 16) : 0xaa;
    long seconds = args.length > 5 ? Long.parseLong(args[5]) : 60;
    long deadline = System.currentTimeMillis() + seconds * 1000;
    if (args.length > 6) {
      String action = args.length > 7 ? args[7] : "renew";
      if (action.equals("renew")) {
        renew(servers, giaddr, Path.of(args[6]), out, deadline);
      } else {
        giveBack(action, giaddr, Path.of(args[6]));
      }
      return;
    }
    DhcpEncoder encoder = new DhcpEncoder();
    DhcpDecoder decoder = new DhcpDecoder();
    int acked = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Ipv4.toInet(giaddr), 67));
        PrintWriter log =
            new PrintWriter(
                Files.newBufferedWriter(out, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      socket.setSoTimeout(1000);
      for (int i = 0; i < count && System.currentTimeMillis() < deadline; i++) {
        byte[] chaddr = new byte[16];
        chaddr[0] = 0x02;
        chaddr[1] = (byte) macByte;
        chaddr[3] = (byte) (i >>> 16);
        chaddr[4] = (byte) (i >>> 8);
        chaddr[5] = (byte) i;
        String client = io.dhcpfailover.node.util.Hex.colon(java.util.Arrays.copyOf(chaddr, 6));
        int xid = (macByte << 24) ^ (i * 7919) ^ 0x5a000000;
        DhcpMessage offer = null;
        for (int attempt = 0; attempt < 3 && offer == null && System.currentTimeMillis() < deadline; attempt++) {
          for (String s : servers) {
            send(socket, encoder, s, request(xid, giaddr, chaddr, DhcpMessageType.DISCOVER, 0, 0));
          }
          offer = await(socket, decoder, xid, DhcpMessageType.OFFER, 2000);
        }
        if (offer == null) {
          System.out.println("NO_OFFER " + client);
          continue;
        }
        int serverId = offer.options().getIpv4(54, 0);
        DhcpMessage ack = null;
        long start = 0;
        for (int attempt = 0; attempt < 3 && ack == null && System.currentTimeMillis() < deadline; attempt++) {
          start = System.currentTimeMillis();
          DhcpMessage req = request(xid, giaddr, chaddr, DhcpMessageType.REQUEST, offer.yiaddr(), serverId);
          for (String s : servers) {
            send(socket, encoder, s, req);
          }
          ack = await(socket, decoder, xid, null, 3000);
        }
        if (ack == null || ack.messageType() != DhcpMessageType.ACK) {
          System.out.println((ack == null ? "NO_ACK " : "NAK ") + client);
          continue;
        }
        long leaseMs = ack.options().getUnsigned(51, 0) * 1000;
        log.println(new AckRecord(Ipv4.format(ack.yiaddr()), client, start, start + leaseMs, Ipv4.format(serverId)).line());
        log.flush();
        acked++;
      }
    }
    System.out.println("ACKED " + acked);
  }

  private static void renew(String[] servers, int giaddr, Path leases, Path out, long deadline) throws Exception {
    DhcpEncoder encoder = new DhcpEncoder();
    DhcpDecoder decoder = new DhcpDecoder();
    int renewed = 0;
    int nak = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Ipv4.toInet(giaddr), 67));
        PrintWriter log = new PrintWriter(Files.newBufferedWriter(out, StandardOpenOption.CREATE, StandardOpenOption.APPEND))) {
      socket.setSoTimeout(1000);
      java.util.Map<String, AckRecord> latest = new java.util.LinkedHashMap<>();
      for (AckRecord a : AckRecord.read(java.util.List.of(leases))) {
        latest.put(a.client(), a);
      }
      int i = 0;
      for (AckRecord a : latest.values()) {
        if (System.currentTimeMillis() >= deadline) {
          break;
        }
        byte[] chaddr = java.util.Arrays.copyOf(io.dhcpfailover.node.util.Hex.parse(a.client()), 16);
        int xid = 0x7e000000 ^ (i++ * 7919);
        int ciaddr = Ipv4.parse(a.address());
        DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, DhcpMessageType.REQUEST.code()).add(55, new byte[] {1, 3, 6});
        DhcpMessage req = new DhcpMessage(1, 1, 6, 1, xid, 0, 0, ciaddr, 0, 0, giaddr, chaddr, null, null, true, o.build(), 0);
        DhcpMessage ack = null;
        long start = 0;
        for (int attempt = 0; attempt < 3 && ack == null && System.currentTimeMillis() < deadline; attempt++) {
          start = System.currentTimeMillis();
          for (String s : servers) {
            send(socket, encoder, s, req);
          }
          ack = await(socket, decoder, xid, null, 2000);
        }
        if (ack != null && ack.messageType() == DhcpMessageType.ACK) {
          long leaseMs = ack.options().getUnsigned(51, 0) * 1000;
          log.println(new AckRecord(Ipv4.format(ack.yiaddr()), a.client(), start, start + leaseMs,
              Ipv4.format(ack.options().getIpv4(54, 0))).line());
          log.flush();
          renewed++;
        } else if (ack != null) {
          nak++;
        }
      }
    }
    System.out.println("RENEWED " + renewed + " NAK " + nak);
  }

  /** DHCPRELEASE or DHCPDECLINE of the latest lease of each client in {@code leases}. */
  private static void giveBack(String action, int giaddr, Path leases) throws Exception {
    DhcpMessageType type = switch (action) {
      case "release" -> DhcpMessageType.RELEASE;
      case "decline" -> DhcpMessageType.DECLINE;
      default -> throw new IllegalArgumentException("unknown action " + action);
    };
    DhcpEncoder encoder = new DhcpEncoder();
    java.util.Map<String, AckRecord> latest = new java.util.LinkedHashMap<>();
    for (AckRecord a : AckRecord.read(java.util.List.of(leases))) {
      latest.put(a.client(), a);
    }
    int sent = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(Ipv4.toInet(giaddr), 67))) {
      for (AckRecord a : latest.values()) {
        byte[] chaddr = java.util.Arrays.copyOf(io.dhcpfailover.node.util.Hex.parse(a.client()), 16);
        int address = Ipv4.parse(a.address());
        int server = Ipv4.parse(a.server());
        DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code()).addIpv4(54, server);
        int ciaddr = address;
        if (type == DhcpMessageType.DECLINE) {
          o.addIpv4(50, address); // RFC 2131 §4.4.3: ciaddr 0, the address in option 50
          ciaddr = 0;
        }
        int xid = 0x6b000000 ^ (sent * 7919);
        send(socket, encoder, a.server(),
            new DhcpMessage(1, 1, 6, 1, xid, 0, 0, ciaddr, 0, 0, giaddr, chaddr, null, null, true, o.build(), 0));
        sent++;
      }
    }
    System.out.println((type == DhcpMessageType.RELEASE ? "RELEASED " : "DECLINED ") + sent);
  }

  static DhcpMessage request(int xid, int giaddr, byte[] chaddr, DhcpMessageType type, int requested, int serverId) {
    DhcpOptions.Builder o = DhcpOptions.builder().addByte(53, type.code());
    if (requested != 0) {
      o.addIpv4(50, requested);
    }
    if (serverId != 0) {
      o.addIpv4(54, serverId);
    }
    o.add(55, new byte[] {1, 3, 6, 15});
    return new DhcpMessage(1, 1, 6, 1, xid, 0, 0, 0, 0, 0, giaddr, chaddr, null, null, true, o.build(), 0);
  }

  static void send(DatagramSocket socket, DhcpEncoder encoder, String server, DhcpMessage m) throws IOException {
    byte[] b = encoder.encode(m);
    socket.send(new DatagramPacket(b, b.length, new InetSocketAddress(server, 67)));
  }

  static DhcpMessage await(DatagramSocket socket, DhcpDecoder decoder, int xid, DhcpMessageType type, long millis) throws IOException {
    long end = System.currentTimeMillis() + millis;
    byte[] buf = new byte[1500];
    while (System.currentTimeMillis() < end) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(p);
      } catch (SocketTimeoutException e) {
        continue;
      }
      DhcpMessage m;
      try {
        m = decoder.decodeAny(java.util.Arrays.copyOf(p.getData(), p.getLength()));
      } catch (Exception e) {
        continue;
      }
      if (m.xid() != xid) {
        continue;
      }
      // type null: the answer to a REQUEST, an ACK or a NAK; a late OFFER from a second server
      // that lost the race is no answer
      if (type == null ? m.messageType() != DhcpMessageType.OFFER : m.messageType() == type) {
        return m;
      }
    }
    return null;
  }
}
