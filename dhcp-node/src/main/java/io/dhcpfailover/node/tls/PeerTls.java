package io.dhcpfailover.node.tls;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateException;
import io.dhcpfailover.api.tls.PeerCertificates;
import io.dhcpfailover.api.tls.PeerTlsException;
import io.dhcpfailover.node.config.NodeConfig;
import io.dhcpfailover.node.util.Ipv4;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer channel's TLS for one node: TLS 1.3 only, the partner's certificate required on both
 * the accepting and the connecting side and checked by {@link PartnerTrustManager}. The credentials
 * come from a directory of three PEM files ({@link NodeCredentials}); {@link #reloadIfChanged()}
 * re-reads them and, when they changed and are sound, builds new contexts that the next connection
 * uses. A connection already up keeps its session, so a rotation never drops the link; material
 * that fails to load is logged and the previous contexts stay.
 */
public final class PeerTls {
  private static final Logger LOG = LoggerFactory.getLogger(PeerTls.class);
  private static final String[] PROTOCOLS = {"TLSv1.3"};
  static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private final Path dir;
  private final String pairName;
  private final String selfAddress;
  private final String partnerAddress;
  private final Clock clock;
  private volatile Contexts current;
  private byte[] loadedDigest;
  private byte[] failedDigest;

  private record Contexts(SslContext server, SslContext client, NodeCredentials credentials) {}

  private PeerTls(Path dir, String pairName, String selfAddress, String partnerAddress, Clock clock) {
    this.dir = dir;
    this.pairName = pairName;
    this.selfAddress = selfAddress;
    this.partnerAddress = partnerAddress;
    this.clock = clock;
  }

  /**
   * Loads the credentials in {@code dir}.
   *
   * @throws PeerTlsException when a file is missing or corrupt, the key does not match, the
   *     certificate was not issued by the authority, or it does not name this node and the pair
   */
  public static PeerTls load(Path dir, String pairName, String selfAddress, String partnerAddress, Clock clock)
      throws PeerTlsException {
    PeerTls tls = new PeerTls(dir, pairName, selfAddress, partnerAddress, clock);
    byte[] digest = tls.digest();
    tls.current = tls.build(NodeCredentials.read(dir));
    tls.loadedDigest = digest;
    X509Certificate own = tls.current.credentials().certificate();
    LOG.info(
        "FAILOVER_TLS_LOADED dir={} subject={} notAfter={} partner={}",
        dir, own.getSubjectX500Principal().getName(), own.getNotAfter().toInstant(), partnerAddress);
    return tls;
  }

  /**
   * The peer channel's TLS for the node {@code config} describes: null (plain TCP) when {@code
   * spec.peerTLS} is Disabled, else the credentials in {@code tlsDir}.
   *
   * @throws IOException saying what to do when TLS is on and no directory was given, or naming
   *     the file that is wrong
   */
  public static PeerTls forNode(NodeConfig config, Path tlsDir, Clock clock) throws IOException {
    if (!config.peerTls()) {
      if (tlsDir != null) {
        LOG.warn("FAILOVER_TLS_OFF: spec.peerTLS is Disabled, --tls-dir {} is not used", tlsDir);
      }
      return null;
    }
    if (tlsDir == null) {
      throw new IOException(
          "spec.peerTLS is Enabled but no --tls-dir was given: the failover link needs ca.crt, tls.crt"
              + " and tls.key (make them with: dhcp-node tls init --pair FILE --out DIR), or set"
              + " spec.peerTLS: Disabled");
    }
    try {
      return load(
          tlsDir, config.relationshipName(), Ipv4.format(config.serverAddress()),
          Ipv4.format(config.peerAddress()), clock);
    } catch (PeerTlsException e) {
      throw new IOException("--tls-dir: " + e.getMessage(), e);
    }
  }

  private Contexts build(NodeCredentials c) throws PeerTlsException {
    try {
      PeerCertificates.checkNames(c.certificate(), pairName, selfAddress);
    } catch (PeerCertificateException e) {
      throw new PeerTlsException(dir.resolve(NodeCredentials.CERT_FILE) + ": " + e.getMessage(), e);
    }
    PartnerTrustManager trust = new PartnerTrustManager(c.trusted(), pairName, partnerAddress, clock);
    try {
      SslContext server =
          SslContextBuilder.forServer(c.key(), c.certificate())
              .sslProvider(SslProvider.JDK)
              .protocols(PROTOCOLS)
              .clientAuth(ClientAuth.REQUIRE)
              .trustManager(trust)
              .build();
      SslContext client =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.JDK)
              .protocols(PROTOCOLS)
              .keyManager(c.key(), c.certificate())
              .trustManager(trust)
              .build();
      return new Contexts(server, client, c);
    } catch (SSLException e) {
      throw new PeerTlsException("cannot set up TLS with the files in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reloads the files when their content changed since the last load (or failed load). Returns
   * whether new contexts are now in use. Safe to call from any one thread at a time.
   */
  public boolean reloadIfChanged() {
    byte[] digest = digest();
    if (Arrays.equals(digest, loadedDigest) || Arrays.equals(digest, failedDigest)) {
      return false;
    }
    try {
      Contexts next = build(NodeCredentials.read(dir));
      current = next;
      loadedDigest = digest;
      failedDigest = null;
      X509Certificate own = next.credentials().certificate();
      LOG.info(
          "FAILOVER_TLS_RELOADED subject={} serial={} notAfter={}: new connections use it",
          own.getSubjectX500Principal().getName(), own.getSerialNumber().toString(16), own.getNotAfter().toInstant());
      return true;
    } catch (PeerTlsException e) {
      LOG.warn("FAILOVER_TLS_RELOAD_FAILED {}: keeping the certificate loaded before", e.getMessage());
      failedDigest = digest;
      return false;
    }
  }

  /** A handler for a new connection; {@code accepted}: the partner connected to this node. */
  public SslHandler newHandler(ByteBufAllocator alloc, boolean accepted, String peerHost, int peerPort) {
    Contexts c = current;
    SslHandler h = accepted ? c.server().newHandler(alloc) : c.client().newHandler(alloc, peerHost, peerPort);
    h.setHandshakeTimeout(HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    return h;
  }

  /** The certificate new connections present. */
  public X509Certificate certificate() {
    return current.credentials().certificate();
  }

  /** {@code protocol=… peer="subject" serial=hex} of an established connection, for the log. */
  public static String describe(SslHandler handler) {
    SSLSession session = handler.engine().getSession();
    String peer = "?";
    String serial = "?";
    try {
      if (session.getPeerCertificates()[0] instanceof X509Certificate c) {
        peer = c.getSubjectX500Principal().getName();
        serial = c.getSerialNumber().toString(16);
      }
    } catch (SSLPeerUnverifiedException e) {
      // not after a successful handshake that required the peer's certificate
    }
    return "protocol=" + session.getProtocol() + " peer=\"" + peer + "\" serial=" + serial;
  }

  /** Why a handshake failed, in words for the log: the certificate rule that refused the peer, if any. */
  public static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PeerCertificateException p) {
        return p.getMessage();
      }
      if (t instanceof NotSslRecordException) {
        return "the peer does not speak TLS (plain TCP)";
      }
      if (t instanceof SslHandshakeTimeoutException) {
        return "no TLS handshake within " + HANDSHAKE_TIMEOUT_MILLIS + " ms";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = String.valueOf(root.getMessage());
    if (m.contains("Empty client certificate chain") || m.contains("Empty server certificate chain")) {
      return "the peer presented no certificate";
    }
    if (m.contains("fatal alert")) {
      return "the peer refused this node's certificate or the handshake (" + m + ")";
    }
    return root.getClass().getSimpleName() + ": " + m;
  }

  /** A fingerprint of the three files' content; a file that cannot be read counts as empty. */
  private byte[] digest() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String f : new String[] {NodeCredentials.CA_FILE, NodeCredentials.CERT_FILE, NodeCredentials.KEY_FILE}) {
        try {
          md.update(Files.readAllBytes(dir.resolve(f)));
        } catch (IOException e) {
          md.update((byte) 1);
        }
        md.update((byte) 0);
      }
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
