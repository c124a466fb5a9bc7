package io.dhcpfailover.node.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS 1.3 client that presents whatever certificate it is given, whoever the server asks for,
 * and trusts any server: the impostor a node must refuse on its own checks.
 */
public final class ImpostorTls {
  private ImpostorTls() {}

  public static SslContext client(PrivateKey key, X509Certificate... chain) throws SSLException {
    return SslContextBuilder.forClient()
        .sslProvider(SslProvider.JDK)
        .protocols("TLSv1.3")
        .keyManager(new AlwaysPresent(key, chain))
        .trustManager(InsecureTrustManagerFactory.INSTANCE)
        .build();
  }

  /**
   * A TLS 1.3 client socket over the connected {@code socket} that presents {@code chain} and
   * trusts any server; the handshake is done when this returns (or it throws).
   */
  public static SSLSocket wrap(Socket socket, String host, int port, PrivateKey key, X509Certificate... chain)
      throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLSv1.3");
      ctx.init(
          new KeyManager[] {new AlwaysPresent(key, chain)},
          InsecureTrustManagerFactory.INSTANCE.getTrustManagers(),
          null);
      SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(socket, host, port, true);
      ssl.setEnabledProtocols(new String[] {"TLSv1.3"});
      ssl.setUseClientMode(true);
      ssl.startHandshake();
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  private static final class AlwaysPresent extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    AlwaysPresent(PrivateKey key, X509Certificate[] chain) {
      this.key = key;
      this.chain = chain;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {"impostor"};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return "impostor";
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return "impostor";
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {"impostor"};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return "impostor";
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }
}
