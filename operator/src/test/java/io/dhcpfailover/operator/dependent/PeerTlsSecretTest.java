package io.dhcpfailover.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificates;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.operator.Fixtures;
import io.dhcpfailover.lab.MergePatchCrudDispatcher;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pair's peer-TLS Secret against the mock API server: created once, renewed when due. */
class PeerTlsSecretTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;
  PeerTlsSecret secrets;
  DhcpFailoverPair pair = Fixtures.pair("hot-standby");

  @BeforeEach
  void start() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new MergePatchCrudDispatcher(), false);
    server.init();
    client = server.createClient();
    secrets = new PeerTlsSecret(client);
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  Secret live() {
    return client.secrets().inNamespace("dhcp").withName("campus-a-peer-tls").get();
  }

  Map<String, String> files() {
    Map<String, String> out = new HashMap<>();
    live().getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII)));
    return out;
  }

  NodeCredentials node(String role) throws Exception {
    Map<String, String> f = files();
    return NodeCredentials.parse(f.get("ca.crt"), "ca.crt", f.get(role + ".crt"), role + ".crt", f.get(role + ".key"), role + ".key");
  }

  @Test
  void createsTheAuthorityAndACertificatePerNodeOwnedByThePair() throws Exception {
    assertThat(secrets.reconcile(pair, NOW).outcome()).isEqualTo(OwnedResourceApplier.Outcome.CREATED);
    Secret s = live();
    assertThat(s.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getKind()).isEqualTo("DhcpFailoverPair");
      assertThat(o.getName()).isEqualTo("campus-a");
      assertThat(o.getController()).isTrue();
    });
    assertThat(s.getData()).containsOnlyKeys("ca.crt", "ca.key", "primary.crt", "primary.key", "secondary.crt", "secondary.key");
    String primaryAddress = pair.getSpec().getPrimary().getAddress();
    String secondaryAddress = pair.getSpec().getSecondary().getAddress();
    NodeCredentials primary = node("primary");
    NodeCredentials secondary = node("secondary");
    // each node accepts the other as its partner
    PeerCertificates.verify(new X509Certificate[] {secondary.certificate()}, primary.ca(), "campus-a", secondaryAddress, NOW);
    PeerCertificates.verify(new X509Certificate[] {primary.certificate()}, secondary.ca(), "campus-a", primaryAddress, NOW);
  }

  @Test
  void aSecondReconcileLeavesTheSecretAlone() {
    secrets.reconcile(pair, NOW);
    String version = live().getMetadata().getResourceVersion();
    assertThat(secrets.reconcile(pair, NOW.plus(Duration.ofDays(59))).outcome()).isEqualTo(OwnedResourceApplier.Outcome.UNCHANGED);
    assertThat(live().getMetadata().getResourceVersion()).isEqualTo(version);
  }

  @Test
  void renewsNodeCertificatesWithinThirtyDaysOfExpiryUnderTheSameAuthority() throws Exception {
    secrets.reconcile(pair, NOW);
    NodeCredentials before = node("primary");
    Instant later = NOW.plus(Duration.ofDays(61));
    PeerTlsSecret.Result r = secrets.reconcile(pair, later);
    assertThat(r.outcome()).isEqualTo(OwnedResourceApplier.Outcome.UPDATED);
    assertThat(r.reasons()).anyMatch(x -> x.startsWith("primary: certificate ends"));
    NodeCredentials after = node("primary");
    assertThat(after.ca()).as("the authority stays, so the partner trusts the new certificate at once").isEqualTo(before.ca());
    assertThat(after.certificate().getSerialNumber()).isNotEqualTo(before.certificate().getSerialNumber());
    assertThat(after.certificate().getNotAfter().toInstant()).isAfter(later.plus(Duration.ofDays(89)));
    // the old certificate of the partner still validates: the link may stay up until it reconnects
    PeerCertificates.verify(new X509Certificate[] {node("secondary").certificate()}, after.ca(), "campus-a",
        pair.getSpec().getSecondary().getAddress(), later);
  }

  @Test
  void reissuesANodesCertificateWhenItsAddressChanges() throws Exception {
    secrets.reconcile(pair, NOW);
    NodeCredentials secondaryBefore = node("secondary");
    pair.getSpec().getPrimary().setAddress("10.0.0.99");
    PeerTlsSecret.Result r = secrets.reconcile(pair, NOW);
    assertThat(r.outcome()).isEqualTo(OwnedResourceApplier.Outcome.UPDATED);
    assertThat(r.reasons()).singleElement().asString().startsWith("primary: certificate names no longer match");
    PeerCertificates.checkNames(node("primary").certificate(), "campus-a", "10.0.0.99");
    assertThat(node("secondary").certificate()).isEqualTo(secondaryBefore.certificate());
  }

  @Test
  void replacesAnUnusableAuthorityAndBothNodeCertificates() throws Exception {
    secrets.reconcile(pair, NOW);
    NodeCredentials before = node("primary");
    Secret s = live();
    s.getData().put("ca.key", Base64.getEncoder().encodeToString("corrupt".getBytes(StandardCharsets.US_ASCII)));
    client.secrets().inNamespace("dhcp").resource(s).update();
    PeerTlsSecret.Result r = secrets.reconcile(pair, NOW);
    assertThat(r.reasons().get(0)).contains("the certificate authority is unusable").contains("ca.key");
    NodeCredentials after = node("primary");
    assertThat(after.ca()).isNotEqualTo(before.ca());
    node("secondary"); // issued by the new authority too, or this throws
  }

  /**
   * The authority is replaced before it ends, in steps the nodes may take at different times: for
   * every two successive versions of the Secret, a node still on the older one and its partner on
   * the newer one accept each other (both ways), so no reconnect is refused during the rotation.
   */
  @Test
  void replacesTheAuthorityWithAnOverlapInWhichEitherNodeMayLag() throws Exception {
    secrets.reconcile(pair, NOW);
    X509Certificate first = node("primary").ca();
    Instant due = first.getNotAfter().toInstant().minus(Duration.ofDays(29));
    // the node certificates renewed as they are every 60 days, the authority not yet due
    Instant before = due.minus(Duration.ofDays(2));
    assertThat(secrets.reconcile(pair, before).reasons()).noneMatch(x -> x.contains("authority"));
    java.util.List<Map<String, String>> versions = new java.util.ArrayList<>(java.util.List.of(files()));
    java.util.List<Instant> at = new java.util.ArrayList<>(java.util.List.of(before));
    for (Instant t = due; t.isBefore(due.plus(Duration.ofMinutes(60))); t = t.plus(Duration.ofMinutes(1))) {
      if (secrets.reconcile(pair, t).outcome() != OwnedResourceApplier.Outcome.UNCHANGED) {
        versions.add(files());
        at.add(t);
      }
    }
    assertThat(versions).as("before, successor published, successor signs, predecessor dropped").hasSize(4);
    String primaryAddress = pair.getSpec().getPrimary().getAddress();
    String secondaryAddress = pair.getSpec().getSecondary().getAddress();
    for (int i = 0; i + 1 < versions.size(); i++) {
      Instant t = at.get(i + 1);
      assertThat(Duration.between(at.get(i), t)).isGreaterThanOrEqualTo(i == 0 ? Duration.ZERO : AuthorityRotation.OVERLAP);
      for (boolean primaryLags : new boolean[] {true, false}) {
        NodeCredentials p = parse(versions.get(primaryLags ? i : i + 1), "primary");
        NodeCredentials q = parse(versions.get(primaryLags ? i + 1 : i), "secondary");
        PeerCertificates.verify(new X509Certificate[] {q.certificate()}, p.trusted(), "campus-a", secondaryAddress, t);
        PeerCertificates.verify(new X509Certificate[] {p.certificate()}, q.trusted(), "campus-a", primaryAddress, t);
      }
    }
    NodeCredentials last = parse(versions.get(3), "primary");
    assertThat(last.trusted()).singleElement().isNotEqualTo(first);
    assertThat(last.ca().getNotAfter().toInstant()).isAfter(due.plus(Duration.ofDays(3000)));
    assertThat(versions.get(3)).doesNotContainKeys(AuthorityRotation.NEXT_CA, AuthorityRotation.SINCE);
    // and the old authority's certificates are refused once it is dropped
    NodeCredentials old = parse(versions.get(0), "secondary");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PeerCertificates.verify(
        new X509Certificate[] {old.certificate()}, last.trusted(), "campus-a", secondaryAddress, at.get(3)))
        .hasMessageContaining("does not chain");
  }

  static NodeCredentials parse(Map<String, String> f, String role) throws Exception {
    return NodeCredentials.parse(f.get("ca.crt"), "ca.crt", f.get(role + ".crt"), role + ".crt", f.get(role + ".key"), role + ".key");
  }
}
