package io.dhcpfailover.api.tls;

import io.dhcpfailover.api.v1alpha1.Role;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A pair's own certificate authority for the peer channel: it signs the two node certificates and
 * nothing else, so a node that trusts only it accepts only its partner. Keys are ECDSA P-256,
 * signatures SHA-256. A node certificate names the node's address (IP SAN) and the pair (DNS SAN
 * {@code metadata.name}); it is good for TLS server and client authentication both, since either
 * node may open the link.
 *
 * @param certificate the authority's self-signed certificate ({@code ca.crt})
 * @param key the authority's key; never leaves the operator's Secret (or the directory {@code
 *     dhcp-node tls init} writes)
 */
public record PeerCertificateAuthority(X509Certificate certificate, PrivateKey key) {
  /** How long a new authority is valid. */
  public static final Duration CA_VALIDITY = Duration.ofDays(3650);

  /** How long a new node certificate is valid. */
  public static final Duration NODE_VALIDITY = Duration.ofDays(90);

  /** Node certificates are issued again once less than this remains of their validity. */
  public static final Duration RENEW_BEFORE = Duration.ofDays(30);

  /** Node certificates start this much before issuing, for partners whose clocks lag. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new authority for the pair {@code pairName}, valid from {@code now} for {@code validity}. */
  public static PeerCertificateAuthority create(String pairName, Instant now, Duration validity) {
    KeyPair keys = newKeyPair();
    X500Name subject = name(pairName + " peer CA");
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  subject, serial(), Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)),
                  subject, keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
              .addExtension(
                  Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
              .addExtension(
                  Extension.subjectKeyIdentifier, false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()));
      return new PeerCertificateAuthority(sign(b, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot create the pair's certificate authority", e);
    }
  }

  /**
   * A certificate and key for the node of {@code role} serving from {@code address} in the pair
   * {@code pairName}, valid from {@code now} for {@code validity} (at most as long as the
   * authority).
   */
  public NodeCredentials issue(
      String pairName, Role role, String address, Instant now, Duration validity) {
    KeyPair keys = newKeyPair();
    Instant notAfter = now.plus(validity);
    if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
      notAfter = certificate.getNotAfter().toInstant();
    }
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      GeneralNames names =
          new GeneralNames(
              new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, ipLiteral(address)),
                new GeneralName(GeneralName.dNSName, pairName)
              });
      X509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
                  certificate, serial(), Date.from(now.minus(BACKDATE)), Date.from(notAfter),
                  name(pairName + " " + role.id()), keys.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage, false,
                  new ExtendedKeyUsage(
                      new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
              .addExtension(Extension.subjectAlternativeName, false, names)
              .addExtension(
                  Extension.subjectKeyIdentifier, false,
                  ext.createSubjectKeyIdentifier(keys.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier, false,
                  ext.createAuthorityKeyIdentifier(certificate));
      return new NodeCredentials(certificate, sign(b, key), keys.getPrivate());
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the " + role.id() + " certificate", e);
    }
  }

  /** The key's file name next to {@link NodeCredentials#CA_FILE}. */
  public static final String KEY_FILE = "ca.key";

  /**
   * An authority from its PEM certificate and key.
   *
   * @throws PeerTlsException when either is corrupt, the certificate is no authority, or the key
   *     is not its key
   */
  public static PeerCertificateAuthority parse(
      String certPem, String certSource, String keyPem, String keySource) throws PeerTlsException {
    X509Certificate cert = Pem.certificates(certPem, certSource).get(0);
    if (cert.getBasicConstraints() < 0) {
      throw new PeerTlsException(certSource + ": " + cert.getSubjectX500Principal().getName() + " is no certificate authority");
    }
    PrivateKey key = Pem.privateKey(keyPem, keySource);
    NodeCredentials.checkKeyMatches(cert, key, keySource + " does not belong to " + certSource);
    return new PeerCertificateAuthority(cert, key);
  }

  /** Reads {@code ca.crt} and {@code ca.key} from {@code dir}; see {@link #parse}. */
  public static PeerCertificateAuthority read(Path dir) throws PeerTlsException {
    Path cert = dir.resolve(NodeCredentials.CA_FILE);
    Path key = dir.resolve(KEY_FILE);
    return parse(NodeCredentials.readFile(cert), cert.toString(), NodeCredentials.readFile(key), key.toString());
  }

  /** Writes {@code ca.crt} and {@code ca.key} (owner-only) into {@code dir}. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    NodeCredentials.writeAtomically(dir.resolve(KEY_FILE), Pem.encode(key), true);
    NodeCredentials.writeAtomically(dir.resolve(NodeCredentials.CA_FILE), Pem.encode(certificate), false);
  }

  /** Whether {@code node} should be issued again at {@code now}: it ends within {@link #RENEW_BEFORE}. */
  public static boolean dueForRenewal(X509Certificate node, Instant now) {
    return !node.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
  }

  private static String ipLiteral(String address) {
    // GeneralName wants the dotted text for iPAddress; check it is an IPv4 literal, never a name
    if (!address.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      throw new IllegalArgumentException("not an IPv4 address: " + address);
    }
    try {
      InetAddress.getByName(address);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IPv4 address: " + address, e);
    }
    return address;
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer)
      throws GeneralSecurityException {
    try {
      ContentSigner s = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
      return new JcaX509CertificateConverter().getCertificate(b.build(s));
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC P-256 key generator in this Java runtime", e);
    }
  }

  private static BigInteger serial() {
    return new BigInteger(127, RANDOM).add(BigInteger.ONE);
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE)
        .addRDN(BCStyle.O, "dhcpfailover.io")
        .addRDN(BCStyle.CN, commonName)
        .build();
  }
}
