package io.dhcpfailover.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.v1alpha1.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeCredentialsTest {
  static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  final PeerCertificateAuthority ca = PeerCertificateAuthority.create("p", NOW, Duration.ofDays(365));
  final NodeCredentials node = ca.issue("p", Role.PRIMARY, "198.18.1.2", NOW, Duration.ofDays(90));

  @TempDir Path dir;

  @Test
  void writesAndReadsTheThreeFiles() throws Exception {
    node.write(dir);
    NodeCredentials back = NodeCredentials.read(dir);
    assertThat(back.ca()).isEqualTo(ca.certificate());
    assertThat(back.certificate()).isEqualTo(node.certificate());
    assertThat(back.key().getEncoded()).isEqualTo(node.key().getEncoded());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls.key"))))
        .isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("tls.key"))).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(dir.resolve("tls.crt"))).startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void aBundleOfTwoAuthoritiesIsReadWithTheIssuerFoundInIt() throws Exception {
    PeerCertificateAuthority next = PeerCertificateAuthority.create("p", NOW, Duration.ofDays(365));
    String bundle = Pem.encode(next.certificate()) + Pem.encode(ca.certificate());
    NodeCredentials back = NodeCredentials.parse(bundle, "ca.crt", Pem.encode(node.certificate()), "tls.crt",
        Pem.encode(node.key()), "tls.key");
    assertThat(back.ca()).as("the issuer, second in the file").isEqualTo(ca.certificate());
    assertThat(back.trusted()).containsExactly(next.certificate(), ca.certificate());
    back.write(dir);
    assertThat(NodeCredentials.read(dir).trusted()).containsExactly(next.certificate(), ca.certificate());

    String four = bundle + bundle;
    assertThatThrownBy(() -> NodeCredentials.parse(four, "ca.crt", Pem.encode(node.certificate()), "tls.crt",
        Pem.encode(node.key()), "tls.key")).hasMessageContaining("found 4 certificates");
    String other = Pem.encode(next.certificate());
    assertThatThrownBy(() -> NodeCredentials.parse(other, "ca.crt", Pem.encode(node.certificate()), "tls.crt",
        Pem.encode(node.key()), "tls.key")).hasMessageContaining("was not issued by the authority in ca.crt");
  }

  @Test
  void authorityRoundTripsThroughItsFiles() throws Exception {
    ca.write(dir);
    PeerCertificateAuthority back = PeerCertificateAuthority.read(dir);
    assertThat(back.certificate()).isEqualTo(ca.certificate());
    NodeCredentials issued = back.issue("p", Role.SECONDARY, "198.18.1.3", NOW, Duration.ofDays(1));
    issued.certificate().verify(ca.certificate().getPublicKey());
  }

  @Test
  void aMissingFileIsNamed() throws Exception {
    node.write(dir);
    Files.delete(dir.resolve("tls.key"));
    assertThatThrownBy(() -> NodeCredentials.read(dir))
        .isInstanceOf(PeerTlsException.class)
        .hasMessage(dir.resolve("tls.key") + ": no such file");
  }

  @Test
  void aCorruptPemBlockIsNamed() throws Exception {
    node.write(dir);
    String text = Files.readString(dir.resolve("tls.crt"));
    Files.writeString(dir.resolve("tls.crt"), text.substring(0, 40) + "!!!!" + text.substring(44));
    assertThatThrownBy(() -> NodeCredentials.read(dir))
        .isInstanceOf(PeerTlsException.class)
        .hasMessageStartingWith(dir.resolve("tls.crt") + ": corrupt");
  }

  @Test
  void aFileWithoutPemIsNamed() throws Exception {
    node.write(dir);
    Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
    assertThatThrownBy(() -> NodeCredentials.read(dir))
        .hasMessage(dir.resolve("ca.crt") + ": no PEM CERTIFICATE block");
  }

  @Test
  void aCertificateInTheKeyFileIsRefused() throws Exception {
    node.write(dir);
    Files.copy(dir.resolve("tls.crt"), dir.resolve("tls.key"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> NodeCredentials.read(dir))
        .hasMessageContaining("expected an unencrypted PRIVATE KEY block, found X509CertificateHolder");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefused() throws Exception {
    node.write(dir);
    NodeCredentials other = ca.issue("p", Role.SECONDARY, "198.18.1.3", NOW, Duration.ofDays(90));
    Files.writeString(dir.resolve("tls.key"), Pem.encode(other.key()));
    assertThatThrownBy(() -> NodeCredentials.read(dir))
        .hasMessage(dir.resolve("tls.key") + " does not belong to " + dir.resolve("tls.crt"));
  }

  @Test
  void aCertificateOfAnotherAuthorityIsRefused() throws Exception {
    node.write(dir);
    PeerCertificateAuthority other = PeerCertificateAuthority.create("p", NOW, Duration.ofDays(365));
    Files.writeString(dir.resolve("ca.crt"), Pem.encode(other.certificate()));
    assertThatThrownBy(() -> NodeCredentials.read(dir))
        .hasMessage(dir.resolve("tls.crt") + " was not issued by the authority in " + dir.resolve("ca.crt"));
  }

  @Test
  void aNodeCertificateAsAuthorityIsRefused() throws Exception {
    node.write(dir);
    Files.copy(dir.resolve("tls.crt"), dir.resolve("ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThatThrownBy(() -> NodeCredentials.read(dir)).hasMessageContaining("is no certificate authority");
  }
}
