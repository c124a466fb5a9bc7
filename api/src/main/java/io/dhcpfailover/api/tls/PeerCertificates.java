package io.dhcpfailover.api.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules by which a node accepts its partner's certificate on the peer channel, whichever side
 * opened the link: the certificate chains to this pair's authority and to nothing else (PKIX, the
 * authority as the only trust anchor), it is valid now, it is no authority itself, and its subject
 * alternative names hold the partner's address (IP) and the pair's name (DNS). Each refusal says
 * which rule failed.
 */
public final class PeerCertificates {
  private PeerCertificates() {}

  /**
   * Accepts {@code chain} (leaf first, as TLS presents it) as the partner's, or throws.
   *
   * @param ca the pair's authority: the only trust anchor
   * @param pairName {@code metadata.name} of the pair
   * @param partnerAddress the partner's IPv4 address as text
   * @throws PeerCertificateException with the reason for the refusal
   */
  public static void verify(
      X509Certificate[] chain, X509Certificate ca, String pairName, String partnerAddress, Instant now)
      throws PeerCertificateException {
    verify(chain, List.of(ca), pairName, partnerAddress, now);
  }

  /**
   * As {@link #verify(X509Certificate[], X509Certificate, String, String, Instant)} with the pair's
   * authorities during a rotation of the authority: the current one and the next or the previous
   * (the trust anchors are those of them valid now).
   */
  public static void verify(
      X509Certificate[] chain, List<X509Certificate> cas, String pairName, String partnerAddress, Instant now)
      throws PeerCertificateException {
    if (chain == null || chain.length == 0) {
      throw new PeerCertificateException("the peer presented no certificate");
    }
    X509Certificate leaf = chain[0];
    String subject = leaf.getSubjectX500Principal().getName();
    Set<TrustAnchor> anchors = new HashSet<>();
    String invalid = "";
    for (X509Certificate ca : cas) {
      try {
        ca.checkValidity(Date.from(now));
        anchors.add(new TrustAnchor(ca, null));
      } catch (GeneralSecurityException e) {
        invalid = e.getMessage();
      }
    }
    if (anchors.isEmpty()) {
      throw new PeerCertificateException("the pair's own authority is not valid now: " + invalid);
    }
    List<X509Certificate> path = new ArrayList<>();
    for (X509Certificate c : chain) {
      if (!cas.contains(c)) {
        path.add(c);
      }
    }
    if (path.isEmpty()) {
      throw new PeerCertificateException("the peer presented the pair's authority itself");
    }
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      CertPath certPath = cf.generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(now));
      CertPathValidator.getInstance("PKIX").validate(certPath, params);
    } catch (CertPathValidatorException e) {
      throw new PeerCertificateException(
          "certificate " + subject + " does not chain to the pair's authority "
              + cas.get(0).getSubjectX500Principal().getName() + ": " + pkixReason(e), e);
    } catch (GeneralSecurityException e) {
      throw new PeerCertificateException("certificate " + subject + " cannot be checked: " + e.getMessage(), e);
    }
    if (leaf.getBasicConstraints() >= 0) {
      throw new PeerCertificateException("certificate " + subject + " is an authority, not a node");
    }
    checkNames(leaf, pairName, partnerAddress, "the partner");
  }

  /**
   * Checks that {@code certificate} names {@code address} (IP) and {@code pairName} (DNS), without
   * looking at who issued it or when: what a node checks of its own certificate at start.
   */
  public static void checkNames(X509Certificate certificate, String pairName, String address)
      throws PeerCertificateException {
    checkNames(certificate, pairName, address, "this node");
  }

  private static void checkNames(X509Certificate certificate, String pairName, String address, String who)
      throws PeerCertificateException {
    String subject = certificate.getSubjectX500Principal().getName();
    List<String> ips = names(certificate, 7);
    List<String> dns = names(certificate, 2);
    if (!ips.contains(address)) {
      throw new PeerCertificateException(
          "certificate " + subject + " does not name " + who + " " + address + " (IP names " + ips + ")");
    }
    if (!dns.contains(pairName)) {
      throw new PeerCertificateException(
          "certificate " + subject + " does not name the pair " + pairName + " (DNS names " + dns + ")");
    }
  }

  private static String pkixReason(CertPathValidatorException e) {
    if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED) {
      return "expired";
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
      return "not yet valid";
    }
    if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
      return "signature does not verify";
    }
    return e.getMessage();
  }

  /** The subject alternative names of {@code type} (2 dNSName, 7 iPAddress). */
  static List<String> names(X509Certificate c, int type) throws PeerCertificateException {
    Collection<List<?>> all;
    try {
      all = c.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new PeerCertificateException("certificate has unreadable subject alternative names", e);
    }
    List<String> out = new ArrayList<>();
    if (all != null) {
      for (List<?> n : all) {
        if (n.size() == 2 && n.get(0) instanceof Integer t && t == type) {
          out.add(String.valueOf(n.get(1)));
        }
      }
    }
    return out;
  }
}
