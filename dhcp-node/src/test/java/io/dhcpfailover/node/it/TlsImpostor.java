package io.dhcpfailover.node.it;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateAuthority;
import io.dhcpfailover.api.tls.SelfSignedCertificates;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.tls.ImpostorTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;

/**
 * Someone on the partner's address who is not the partner, run as its own process in the
 * partner's namespace: it connects to a node's failover port and offers a CONNECT, over TLS with
 * a certificate the pair's authority did not issue, or over plain TCP. Prints {@code CONNECTED},
 * {@code HANDSHAKE ok} or {@code HANDSHAKE failed REASON}, then {@code CLOSED_AFTER_MS n} (the
 * node closed the connection) or {@code OPEN_AFTER_MS n} (it did not, within the time).
 *
 * <p>Usage: {@code TlsImpostor other-pair|self-signed|plain LOCAL NODE RELATIONSHIP [SECONDS]}.
 * {@code other-pair}: a valid certificate of another pair's authority naming LOCAL; {@code
 * self-signed}: a self-signed one naming LOCAL and the right pair; {@code plain}: no TLS.
 */
public final class TlsImpostor {
  private static final int PORT = 647;

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String local = args[1];
    String node = args[2];
    String relationship = args[3];
    long seconds = args.length > 4 ? Long.parseLong(args[4]) : 20;
    long began = System.currentTimeMillis();
    Instant now = Instant.now();
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(local, 0));
      s.connect(new InetSocketAddress(node, PORT), 5000);
      System.out.println("CONNECTED");
      s.setSoTimeout(10_000);
      Socket io = s;
      try {
        switch (mode) {
          case "other-pair" -> {
            PeerCertificateAuthority other = PeerCertificateAuthority.create("other-pair", now, Duration.ofDays(30));
            NodeCredentials c = other.issue("other-pair", Role.SECONDARY, local, now, Duration.ofDays(30));
            io = ImpostorTls.wrap(s, node, PORT, c.key(), c.certificate(), other.certificate());
          }
          case "self-signed" -> {
            NodeCredentials c = SelfSignedCertificates.create(relationship, local, now);
            io = ImpostorTls.wrap(s, node, PORT, c.key(), c.certificate());
          }
          case "plain" -> { }
          default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
        System.out.println("HANDSHAKE ok");
      } catch (IOException e) {
        System.out.println("HANDSHAKE failed " + e);
        System.out.println("CLOSED_AFTER_MS " + (System.currentTimeMillis() - began));
        return;
      }
      OutputStream out = io.getOutputStream();
      InputStream in = io.getInputStream();
      io.setSoTimeout(500);
      try {
        out.write(HostilePeer.connect(now.getEpochSecond(), relationship));
        out.flush();
      } catch (IOException e) {
        System.out.println("WRITE failed " + e);
      }
      long deadline = began + seconds * 1000;
      byte[] buf = new byte[4096];
      while (System.currentTimeMillis() < deadline) {
        try {
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          System.out.println("GOT " + n + " bytes");
        } catch (SocketTimeoutException e) {
          // keep waiting
        } catch (IOException e) {
          System.out.println("READ failed " + e);
          break;
        }
      }
      long took = System.currentTimeMillis() - began;
      System.out.println((System.currentTimeMillis() < deadline ? "CLOSED_AFTER_MS " : "OPEN_AFTER_MS ") + took);
    }
  }
}
