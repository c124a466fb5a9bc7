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
}
