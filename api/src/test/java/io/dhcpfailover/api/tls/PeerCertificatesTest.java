package io.dhcpfailover.api.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.v1alpha1.Role;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerCertificatesTest {
  static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
  static final String PAIR = "lab-pair";
  static final String PRIMARY = "198.18.1.2";
  static final String SECONDARY = "198.18.1.3";

  final PeerCertificateAuthority ca = PeerCertificateAuthority.create(PAIR, NOW, Duration.ofDays(3650));
  final NodeCredentials primary = ca.issue(PAIR, Role.PRIMARY, PRIMARY, NOW, Duration.ofDays(90));
  final NodeCredentials secondary = ca.issue(PAIR, Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90));

  @Test
  void nodeCertificateNamesTheNodesAddressAndThePair() throws Exception {
    X509Certificate c = primary.certificate();
    assertThat(PeerCertificates.names(c, 7)).containsExactly(PRIMARY);
    assertThat(PeerCertificates.names(c, 2)).containsExactly(PAIR);
    assertThat(c.getBasicConstraints()).isEqualTo(-1);
    assertThat(c.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(c.getNotAfter().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(90)));
  }

  @Test
  void acceptsThePartnersCertificateFromEitherSide() throws Exception {
    PeerCertificates.verify(chain(secondary), ca.certificate(), PAIR, SECONDARY, NOW);
    PeerCertificates.verify(chain(primary), ca.certificate(), PAIR, PRIMARY, NOW);
    // a peer that also sends the authority is fine
    PeerCertificates.verify(
        new X509Certificate[] {secondary.certificate(), ca.certificate()}, ca.certificate(), PAIR, SECONDARY, NOW);
  }

  @Test
  void refusesAValidCertificateOfAnotherPair() {
    PeerCertificateAuthority other = PeerCertificateAuthority.create("other-pair", NOW, Duration.ofDays(3650));
    NodeCredentials impostor = other.issue(PAIR, Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90));
    assertThatThrownBy(() -> PeerCertificates.verify(chain(impostor), ca.certificate(), PAIR, SECONDARY, NOW))
        .isInstanceOf(PeerCertificateException.class)
        .hasMessageContaining("does not chain to the pair's authority");
  }

  @Test
  void refusesAnotherPairsCertificateEvenWithItsAuthorityAttached() {
    PeerCertificateAuthority other = PeerCertificateAuthority.create(PAIR, NOW, Duration.ofDays(3650));
    NodeCredentials impostor = other.issue(PAIR, Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90));
    X509Certificate[] chain = {impostor.certificate(), other.certificate()};
    assertThatThrownBy(() -> PeerCertificates.verify(chain, ca.certificate(), PAIR, SECONDARY, NOW))
        .hasMessageContaining("does not chain to the pair's authority");
  }

  @Test
  void refusesASelfSignedCertificateThatNamesThePartner() throws Exception {
    NodeCredentials self = SelfSignedCertificates.create(PAIR, SECONDARY, NOW);
    assertThatThrownBy(() -> PeerCertificates.verify(chain(self), ca.certificate(), PAIR, SECONDARY, NOW))
        .hasMessageContaining("does not chain to the pair's authority");
  }

  @Test
  void refusesACertificateOfThePairThatDoesNotNameThePartner() {
    // the primary's own certificate replayed by someone on the secondary's address
    assertThatThrownBy(() -> PeerCertificates.verify(chain(primary), ca.certificate(), PAIR, SECONDARY, NOW))
        .hasMessageContaining("does not name the partner " + SECONDARY);
  }

  @Test
  void refusesACertificateThatDoesNotNameThePair() {
    NodeCredentials wrongName = ca.issue("another-name", Role.SECONDARY, SECONDARY, NOW, Duration.ofDays(90));
    assertThatThrownBy(() -> PeerCertificates.verify(chain(wrongName), ca.certificate(), PAIR, SECONDARY, NOW))
        .hasMessageContaining("does not name the pair " + PAIR);
  }

  @Test
  void refusesAnExpiredCertificate() {
    Instant later = NOW.plus(Duration.ofDays(91));
    assertThatThrownBy(() -> PeerCertificates.verify(chain(secondary), ca.certificate(), PAIR, SECONDARY, later))
        .hasMessageContaining("expired");
  }

  @Test
  void refusesTheAuthorityItselfAndAnEmptyChain() {
    assertThatThrownBy(
            () -> PeerCertificates.verify(new X509Certificate[] {ca.certificate()}, ca.certificate(), PAIR, SECONDARY, NOW))
        .hasMessageContaining("the pair's authority itself");
    assertThatThrownBy(() -> PeerCertificates.verify(new X509Certificate[0], ca.certificate(), PAIR, SECONDARY, NOW))
        .hasMessageContaining("no certificate");
  }

  @Test
  void nodeCertificateNeverOutlivesItsAuthority() {
    PeerCertificateAuthority shortLived = PeerCertificateAuthority.create(PAIR, NOW, Duration.ofDays(10));
    NodeCredentials n = shortLived.issue(PAIR, Role.PRIMARY, PRIMARY, NOW, Duration.ofDays(90));
    assertThat(n.certificate().getNotAfter()).isEqualTo(shortLived.certificate().getNotAfter());
  }

  @Test
  void renewsWithinThirtyDaysOfExpiry() {
    X509Certificate c = primary.certificate();
    assertThat(PeerCertificateAuthority.dueForRenewal(c, NOW.plus(Duration.ofDays(59)))).isFalse();
    assertThat(PeerCertificateAuthority.dueForRenewal(c, NOW.plus(Duration.ofDays(60)))).isTrue();
  }

  @Test
  void refusesToIssueForSomethingOtherThanAnAddress() {
    assertThatThrownBy(() -> ca.issue(PAIR, Role.PRIMARY, "dhcp.example", NOW, Duration.ofDays(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static X509Certificate[] chain(NodeCredentials n) {
    return List.of(n.certificate()).toArray(X509Certificate[]::new);
  }
}
