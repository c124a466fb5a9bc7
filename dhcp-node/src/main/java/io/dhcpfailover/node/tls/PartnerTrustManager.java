package io.dhcpfailover.node.tls;

import io.dhcpfailover.api.tls.PeerCertificates;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one peer: a certificate the pair's authority issued (either of two while the
 * authority is replaced) that names the partner's address and the pair ({@link
 * PeerCertificates#verify}). The same rule whether the partner
 * connected to this node or this node to the partner; no host name check beyond it.
 */
final class PartnerTrustManager extends X509ExtendedTrustManager {
  private final List<X509Certificate> cas;
  private final String pairName;
  private final String partnerAddress;
  private final Clock clock;

  PartnerTrustManager(List<X509Certificate> cas, String pairName, String partnerAddress, Clock clock) {
    this.cas = List.copyOf(cas);
    this.pairName = pairName;
    this.partnerAddress = partnerAddress;
    this.clock = clock;
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    PeerCertificates.verify(chain, cas, pairName, partnerAddress, clock.instant());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    check(chain);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return cas.toArray(new X509Certificate[0]);
  }
}
