package io.dhcpfailover.api.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What one node needs for the peer channel, as the three files of its TLS directory: the pair's
 * authority ({@value #CA_FILE}), the node's certificate ({@value #CERT_FILE}) and its key
 * ({@value #KEY_FILE}), all PEM. The same names as the keys of a Kubernetes TLS Secret.
 *
 * <p>While the operator replaces the pair's authority, {@value #CA_FILE} holds two (the current and
 * the next, or the new and the previous): the partner is trusted if either issued its certificate,
 * so the nodes never need to re-read their files at the same moment.
 *
 * @param ca the authority that issued {@code certificate}
 * @param certificate the node's certificate, issued by {@code ca}
 * @param key the node's private key, matching {@code certificate}
 * @param trusted the pair's authorities in {@value #CA_FILE}, {@code ca} among them: the only trust
 *     anchors for the partner
 */
public record NodeCredentials(
    X509Certificate ca, X509Certificate certificate, PrivateKey key, List<X509Certificate> trusted) {
  /** Most authorities {@value #CA_FILE} may hold (a rotation overlaps two). */
  public static final int MAX_AUTHORITIES = 3;

  public NodeCredentials(X509Certificate ca, X509Certificate certificate, PrivateKey key) {
    this(ca, certificate, key, List.of(ca));
  }

  public NodeCredentials {
    trusted = List.copyOf(trusted);
  }

  public static final String CA_FILE = "ca.crt";
  public static final String CERT_FILE = "tls.crt";
  public static final String KEY_FILE = "tls.key";

  /**
   * Reads the three files from {@code dir}.
   *
   * @throws PeerTlsException naming the file when one is missing, unreadable or corrupt, the key
   *     does not match the certificate, or the certificate was not issued by the authority
   */
  public static NodeCredentials read(Path dir) throws PeerTlsException {
    return parse(
        readFile(dir.resolve(CA_FILE)), dir.resolve(CA_FILE).toString(),
        readFile(dir.resolve(CERT_FILE)), dir.resolve(CERT_FILE).toString(),
        readFile(dir.resolve(KEY_FILE)), dir.resolve(KEY_FILE).toString());
  }

  /** As {@link #read(Path)}, from PEM text; the sources name the texts in errors. */
  public static NodeCredentials parse(
      String caPem, String caSource, String certPem, String certSource, String keyPem, String keySource)
      throws PeerTlsException {
    List<X509Certificate> cas = Pem.certificates(caPem, caSource);
    if (cas.isEmpty() || cas.size() > MAX_AUTHORITIES) {
      throw new PeerTlsException(caSource + ": expected the pair's authority (two while it is replaced), found "
          + cas.size() + " certificates");
    }
    for (X509Certificate ca : cas) {
      if (ca.getBasicConstraints() < 0) {
        throw new PeerTlsException(caSource + ": " + ca.getSubjectX500Principal().getName() + " is no certificate authority");
      }
    }
    X509Certificate cert = Pem.certificates(certPem, certSource).get(0);
    PrivateKey key = Pem.privateKey(keyPem, keySource);
    checkKeyMatches(cert, key, keySource + " does not belong to " + certSource);
    for (X509Certificate ca : cas) {
      try {
        cert.verify(ca.getPublicKey());
        return new NodeCredentials(ca, cert, key, cas);
      } catch (GeneralSecurityException e) {
        // another authority of the file may have issued it
      }
    }
    throw new PeerTlsException(certSource + " was not issued by the authority in " + caSource);
  }

  /** Writes the three files into {@code dir} (created if needed), each atomically; the key owner-only. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder bundle = new StringBuilder();
    for (X509Certificate c : trusted) {
      bundle.append(Pem.encode(c));
    }
    writeAtomically(dir.resolve(CA_FILE), bundle.toString(), false);
    writeAtomically(dir.resolve(KEY_FILE), Pem.encode(key), true);
    writeAtomically(dir.resolve(CERT_FILE), Pem.encode(certificate), false);
  }

  static String readFile(Path file) throws PeerTlsException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new PeerTlsException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new PeerTlsException(file + ": permission denied");
    } catch (IOException e) {
      throw new PeerTlsException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  static void writeAtomically(Path file, String text, boolean secret) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Signs a probe with {@code key} and verifies it with the certificate's public key. */
  static void checkKeyMatches(X509Certificate cert, PrivateKey key, String message) throws PeerTlsException {
    String alg = switch (key.getAlgorithm()) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new PeerTlsException(message + ": unsupported key algorithm " + key.getAlgorithm());
    };
    byte[] probe = "dhcp-failover peer key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      if (!v.verify(sig)) {
        throw new PeerTlsException(message);
      }
    } catch (GeneralSecurityException e) {
      throw new PeerTlsException(message + ": " + e.getMessage(), e);
    }
  }
}
