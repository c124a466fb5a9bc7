package io.dhcpfailover.api.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for certificates ({@code CERTIFICATE}) and private keys (written as PKCS#8 {@code
 * PRIVATE KEY}; read also as SEC1 {@code EC PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}, as
 * openssl writes them). Reading never guesses: anything else in a file is an error naming it.
 */
public final class Pem {
  private Pem() {}

  /** The certificate as one PEM block. */
  public static String encode(X509Certificate certificate) {
    try {
      return write(new JcaMiscPEMGenerator(certificate));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the certificate: " + e.getMessage(), e);
    }
  }

  /** The key as an unencrypted PKCS#8 PEM block. */
  public static String encode(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the private key: " + e.getMessage(), e);
    }
  }

  private static String write(PemObjectGenerator generator) throws IOException {
    StringWriter out = new StringWriter();
    try (PemWriter w = new PemWriter(out)) {
      w.writeObject(generator);
    }
    return out.toString();
  }

  /**
   * Every certificate in {@code text}, in order.
   *
   * @param source names the text in errors (a file name)
   * @throws PeerTlsException when a block is corrupt, is no certificate, or there is none
   */
  public static List<X509Certificate> certificates(String text, String source) throws PeerTlsException {
    List<X509Certificate> certs = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object o : objects(text, source)) {
      if (!(o instanceof X509CertificateHolder h)) {
        throw new PeerTlsException(source + ": expected only CERTIFICATE blocks, found " + kind(o));
      }
      try {
        certs.add(converter.getCertificate(h));
      } catch (CertificateException e) {
        throw new PeerTlsException(source + ": corrupt certificate: " + e.getMessage(), e);
      }
    }
    if (certs.isEmpty()) {
      throw new PeerTlsException(source + ": no PEM CERTIFICATE block");
    }
    return certs;
  }

  /**
   * The one private key in {@code text}.
   *
   * @throws PeerTlsException when the text holds no key, more than one block, or a corrupt one
   */
  public static PrivateKey privateKey(String text, String source) throws PeerTlsException {
    List<Object> objects = objects(text, source);
    if (objects.size() != 1) {
      throw new PeerTlsException(
          source + ": expected one PEM PRIVATE KEY block, found " + objects.size() + " blocks");
    }
    Object o = objects.get(0);
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      if (o instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
    } catch (IOException e) {
      throw new PeerTlsException(source + ": corrupt private key: " + e.getMessage(), e);
    }
    throw new PeerTlsException(
        source + ": expected an unencrypted PRIVATE KEY block, found " + kind(o));
  }

  private static List<Object> objects(String text, String source) throws PeerTlsException {
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        objects.add(o);
      }
    } catch (IOException | RuntimeException e) {
      // BC reports a malformed block (bad base64, bad DER, missing END line) as either
      throw new PeerTlsException(source + ": corrupt PEM: " + e.getMessage(), e);
    }
    return objects;
  }

  private static String kind(Object o) {
    return o.getClass().getSimpleName();
  }
}
