package io.dhcpfailover.api.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed node certificate that names the right address and pair but was issued by nobody
 * the pair trusts: the impostor a node must refuse. Shared with the node's tests (test jar).
 */
public final class SelfSignedCertificates {
  private SelfSignedCertificates() {}

  /** A self-signed certificate naming {@code address} (IP) and {@code pairName} (DNS), with its key. */
  public static NodeCredentials create(String pairName, String address, Instant now) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    X500Name subject = new X500Name("CN=" + pairName + " impostor");
    var b =
        new JcaX509v3CertificateBuilder(
                subject, BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minusSeconds(60)),
                Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic())
            .addExtension(
                Extension.subjectAlternativeName, false,
                new GeneralNames(
                    new GeneralName[] {
                      new GeneralName(GeneralName.iPAddress, address),
                      new GeneralName(GeneralName.dNSName, pairName)
                    }));
    var cert =
        new JcaX509CertificateConverter()
            .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    // the certificate is its own authority: written as ca.crt it makes a coherent directory
    return new NodeCredentials(cert, cert, keys.getPrivate());
  }
}
