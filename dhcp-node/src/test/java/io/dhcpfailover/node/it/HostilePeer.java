package io.dhcpfailover.node.it;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.node.codec.failover.FailoverDecoder;
import io.dhcpfailover.node.tls.ImpostorTls;
import java.nio.file.Path;
import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.FailoverMessageType;
import io.dhcpfailover.node.util.Ipv4;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving failover partner for tests, run as its own process inside the partner's
 * namespace: it connects from the partner's address to a node's failover port and plays one
 * attack, then reports on stdout what the node did, one {@code KEY value} per line:
 * {@code CONNECTACK ok|reject=N}, {@code BNDACK accepted=N rejected=M}, {@code SENT n} and finally
 * {@code CLOSED_AFTER_MS n} (the node closed the connection) or {@code OPEN_AFTER_MS n}.
 *
 * <p>Usage: {@code HostilePeer ATTACK LOCAL-ADDRESS NODE-ADDRESS RELATIONSHIP [SECONDS [TLS-DIR]]};
 * with a TLS directory it first completes the peer channel's TLS handshake with the certificate
 * and key in it (the partner's own: a compromised partner), then attacks inside it. Attacks:
 * {@code garbage}, {@code bad-name}, {@code oversized}, {@code undersized}, {@code skewed},
 * {@code update-first} (BNDUPDs without CONNECT), {@code flood} (a valid CONNECT, then 5000 BNDUPDs
 * as fast as the socket takes them, for addresses in and out of the pools). Bounded in time.
 */
public final class HostilePeer {
  private static final int PORT = 647;
  private static final int FLOOD = 5000;

  public static void main(String[] args) throws Exception {
    String attack = args[0];
    String local = args[1];
    String node = args[2];
    String relationship = args[3];
    long seconds = args.length > 4 ? Long.parseLong(args[4]) : 20;
    long began = System.currentTimeMillis();
    long deadline = began + seconds * 1000;
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(local, 0));
      s.connect(new InetSocketAddress(node, PORT), 5000);
      s.setSoTimeout(500);
      Socket io = s;
      if (args.length > 5) {
        NodeCredentials c = NodeCredentials.read(Path.of(args[5]));
        s.setSoTimeout(10_000);
        io = ImpostorTls.wrap(s, node, PORT, c.key(), c.certificate());
        io.setSoTimeout(500);
      }
      System.out.println("CONNECTED");
      OutputStream out = io.getOutputStream();
      DataInputStream in = new DataInputStream(io.getInputStream());
      long now = System.currentTimeMillis() / 1000;
      switch (attack) {
        case "garbage" -> out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        case "bad-name" -> out.write(connect(now, "not-" + relationship));
        case "skewed" -> out.write(connect(now - 120, relationship));
        case "oversized" -> out.write(header(0xffff, 5, now, 1));
        case "undersized" -> out.write(header(5, 5, now, 1));
        case "update-first" -> {
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          for (int i = 0; i < 500; i++) {
            b.write(bndupd(now, i + 1, Ipv4.parse("198.18.60.100") + (i % 100), i));
          }
          out.write(b.toByteArray());
        }
        case "flood" -> {
          out.write(connect(now, relationship));
          out.flush();
          FailoverMessage ack = next(in, deadline);
          if (ack == null || ack.type() != FailoverMessageType.CONNECTACK) {
            System.out.println("NO_CONNECTACK " + (ack == null ? "" : ack.type()));
            report(in, began, deadline);
            return;
          }
          System.out.println(connectAck(ack));
          flood(io, out, in, now, deadline);
          return;
        }
        default -> throw new IllegalArgumentException("unknown attack " + attack);
      }
      out.flush();
      report(in, began, deadline);
    }
  }

  /** Reads until the node closes or the deadline passes, printing what came. */
  private static void report(DataInputStream in, long began, long deadline) {
    while (System.currentTimeMillis() < deadline) {
      FailoverMessage m;
      try {
        m = next(in, deadline);
      } catch (IOException e) {
        break;
      }
      if (m == null) {
        if (System.currentTimeMillis() >= deadline) {
          System.out.println("OPEN_AFTER_MS " + (System.currentTimeMillis() - began));
          return;
        }
        break;
      }
      System.out.println(m.type() == FailoverMessageType.CONNECTACK ? connectAck(m) : "GOT " + m.type());
    }
    System.out.println("CLOSED_AFTER_MS " + (System.currentTimeMillis() - began));
  }

  private static void flood(Socket s, OutputStream out, DataInputStream in, long now, long deadline)
      throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              try {
                FailoverMessage m;
                while ((m = next(in, deadline)) != null) {
                  if (m.type() == FailoverMessageType.BNDACK) {
                    (m.rejectReason().isPresent() ? rejected : accepted).incrementAndGet();
                  }
                }
              } catch (IOException e) {
                // closed by the node
              }
            });
    reader.start();
    int pool = Ipv4.parse("198.18.60.100");
    int sent = 0;
    try {
      ByteArrayOutputStream batch = new ByteArrayOutputStream();
      for (int i = 0; i < FLOOD && System.currentTimeMillis() < deadline; i++) {
        int address =
            switch (i % 3) {
              case 0 -> pool + (i % 20);
              case 1 -> Ipv4.parse("198.18.61.1") + (i % 200);
              default -> Ipv4.parse("10.0.0.1") + i;
            };
        batch.write(bndupd(now, i + 1, address, i));
        if (batch.size() > 16_000) {
          out.write(batch.toByteArray());
          sent = i + 1;
          batch.reset();
        }
      }
      out.write(batch.toByteArray());
      out.flush();
      sent = FLOOD;
    } catch (IOException e) {
      System.out.println("WRITE_FAILED " + e.getMessage());
    }
    System.out.println("SENT " + sent);
    long quiet = Math.min(deadline, System.currentTimeMillis() + 15_000);
    while (reader.isAlive() && System.currentTimeMillis() < quiet) {
      int before = accepted.get() + rejected.get();
      reader.join(2000);
      if (accepted.get() + rejected.get() == before && before >= sent) {
        break;
      }
    }
    System.out.println("BNDACK accepted=" + accepted.get() + " rejected=" + rejected.get());
    s.close();
    reader.join(2000);
  }

  private static String connectAck(FailoverMessage m) {
    return "CONNECTACK " + m.rejectReason().map(r -> "reject=" + r.code()).orElse("ok");
  }

  /** The next whole message, or null at end of stream or deadline. */
  private static FailoverMessage next(DataInputStream in, long deadline) throws IOException {
    while (System.currentTimeMillis() < deadline) {
      try {
        int length = in.readUnsignedShort();
        byte[] frame = new byte[length];
        frame[0] = (byte) (length >>> 8);
        frame[1] = (byte) length;
        in.readFully(frame, 2, length - 2);
        return FailoverDecoder.decodeFrame(Unpooled.wrappedBuffer(frame));
      } catch (SocketTimeoutException e) {
        // a partial read is lost here; the node sends whole messages at once
      } catch (EOFException e) {
        return null;
      }
    }
    return null;
  }

  private static byte[] header(int length, int type, long time, long xid) {
    return new byte[] {
      (byte) (length >>> 8), (byte) length, (byte) type, 12,
      (byte) (time >>> 24), (byte) (time >>> 16), (byte) (time >>> 8), (byte) time,
      (byte) (xid >>> 24), (byte) (xid >>> 16), (byte) (xid >>> 8), (byte) xid
    };
  }

  private static byte[] message(int type, long time, long xid, byte[] options) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(header(12 + options.length, type, time, xid));
    b.writeBytes(options);
    return b.toByteArray();
  }

  private static void option(ByteArrayOutputStream b, int code, byte[] value) {
    b.write(code >>> 8);
    b.write(code);
    b.write(value.length >>> 8);
    b.write(value.length);
    b.writeBytes(value);
  }

  private static byte[] u32(long v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static byte[] connect(long time, String relationship) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    option(o, 22, relationship.getBytes(StandardCharsets.US_ASCII));
    option(o, 14, u32(10));
    option(o, 19, u32(60));
    option(o, 28, "hostile-1".getBytes(StandardCharsets.US_ASCII));
    option(o, 20, new byte[] {1});
    option(o, 27, new byte[] {0});
    option(o, 15, u32(10));
    option(o, 11, new byte[32]);
    return message(5, time, 1, o.toByteArray());
  }

  static byte[] bndupd(long time, long xid, int address, int client) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    option(o, 2, u32(Integer.toUnsignedLong(address)));
    option(o, 3, new byte[] {2});
    option(o, 5, new byte[] {1, 2, 0x66, 0, (byte) (client >>> 16), (byte) (client >>> 8), (byte) client});
    option(o, 13, u32(time + 600));
    option(o, 18, u32(time + 600));
    option(o, 25, u32(time));
    option(o, 6, u32(time));
    return message(3, time, xid, o.toByteArray());
  }
}
