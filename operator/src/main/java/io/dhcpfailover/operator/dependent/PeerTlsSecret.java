package io.dhcpfailover.operator.dependent;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateAuthority;
import io.dhcpfailover.api.tls.PeerCertificates;
import io.dhcpfailover.api.tls.PeerTlsException;
import io.dhcpfailover.api.tls.Pem;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.operator.model.DesiredStateBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the Secret {@code <name>-peer-tls} (see {@link DesiredStateBuilder#peerTlsSecretName}):
 * creates the pair's certificate authority and both node certificates once, and issues a node's
 * certificate again when it is missing or unreadable, was not issued by the authority, no longer
 * names the node's address and the pair, or ends within {@link
 * PeerCertificateAuthority#RENEW_BEFORE}. The authority stays as long as it is sound and not about
 * to expire, so a renewed node certificate is trusted by the partner at once: the kubelet updates
 * the mounted files, the node re-reads them for its next connection, and the link that is up
 * stays up. The authority itself is replaced in the renewal window by {@link AuthorityRotation},
 * with both authorities trusted while the nodes' files change; only an unreadable authority, or one
 * that ends before a rotation could finish, is replaced at once, and then a reconnect may be
 * refused until both nodes have re-read their files.
 *
 * <p>The Secret carries the pair as controller owner, like every rendered object. Its content is
 * not desired state (keys are random and issuing depends on the time), so it is computed here and
 * written only when it changes: create, or update with the read resourceVersion (a conflict is
 * retried by the next reconcile).
 */
public final class PeerTlsSecret {
  /** What a reconcile did to the Secret, with the reasons (for events). */
  public record Result(OwnedResourceApplier.Outcome outcome, List<String> reasons) {}

  private final KubernetesClient client;

  public PeerTlsSecret(KubernetesClient client) {
    this.client = client;
  }

  /** Creates or renews the Secret of {@code pair} as of {@code now}. */
  public Result reconcile(DhcpFailoverPair pair, Instant now) {
    String namespace = pair.getMetadata().getNamespace();
    String name = DesiredStateBuilder.peerTlsSecretName(pair);
    Secret live = client.secrets().inNamespace(namespace).withName(name).get();
    Map<String, String> current = live == null ? Map.of() : decode(live.getData());
    List<String> reasons = new ArrayList<>();
    Map<String, String> next = renew(current, pair, now, reasons);
    if (live != null && next.equals(current)) {
      return new Result(OwnedResourceApplier.Outcome.UNCHANGED, List.of());
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .withLabels(DesiredStateBuilder.labels(pair, null))
            .withOwnerReferences(DesiredStateBuilder.ownerReference(pair))
            .withResourceVersion(live == null ? null : live.getMetadata().getResourceVersion())
            .endMetadata()
            .withType("Opaque")
            .withData(encode(next))
            .build();
    if (live == null) {
      client.secrets().inNamespace(namespace).resource(secret).create();
      return new Result(OwnedResourceApplier.Outcome.CREATED, reasons);
    }
    client.secrets().inNamespace(namespace).resource(secret).update();
    return new Result(OwnedResourceApplier.Outcome.UPDATED, reasons);
  }

  /**
   * The Secret's content as it should be at {@code now}, given what it holds ({@code current}, PEM
   * text by key); {@code current} itself when nothing is due. Adds why anything was issued to
   * {@code reasons}.
   */
  static Map<String, String> renew(
      Map<String, String> current, DhcpFailoverPair pair, Instant now, List<String> reasons) {
    String pairName = pair.getMetadata().getName();
    Map<String, String> next = new LinkedHashMap<>(current);
    PeerCertificateAuthority ca = authority(current, now, reasons);
    if (ca == null) {
      ca = PeerCertificateAuthority.create(pairName, now, PeerCertificateAuthority.CA_VALIDITY);
      next.clear();
      next.put(NodeCredentials.CA_FILE, Pem.encode(ca.certificate()));
      next.put(PeerCertificateAuthority.KEY_FILE, Pem.encode(ca.key()));
    } else {
      ca = AuthorityRotation.advance(next, ca, pairName, now, reasons);
    }
    for (Role role : Role.PAIR) {
      String address = role.nodeSpec(pair.getSpec()).getAddress();
      // while a successor authority waits, a certificate near the current one's end is left to
      // the successor (it is issued again when that signs, within the overlap)
      boolean renewing = !next.containsKey(AuthorityRotation.NEXT_CA);
      String why = nodeDue(current, ca, role, pairName, address, now, renewing);
      if (why == null && next.containsKey(role.id() + ".crt")) {
        continue;
      }
      reasons.add(why == null ? role.id() + ": issued with the new authority" : role.id() + ": " + why);
      NodeCredentials issued =
          ca.issue(pairName, role, address, now, PeerCertificateAuthority.NODE_VALIDITY);
      next.put(role.id() + ".crt", Pem.encode(issued.certificate()));
      next.put(role.id() + ".key", Pem.encode(issued.key()));
    }
    AuthorityRotation.settle(next, ca, now, reasons);
    return next;
  }

  /** The authority in {@code current}, or null when there is none to keep (with the reason). */
  private static PeerCertificateAuthority authority(
      Map<String, String> current, Instant now, List<String> reasons) {
    String cert = current.get(NodeCredentials.CA_FILE);
    String key = current.get(PeerCertificateAuthority.KEY_FILE);
    if (cert == null || key == null) {
      reasons.add("new certificate authority for the pair");
      return null;
    }
    try {
      PeerCertificateAuthority ca = PeerCertificateAuthority.parse(
          AuthorityRotation.signingPem(cert), NodeCredentials.CA_FILE, key, PeerCertificateAuthority.KEY_FILE);
      if (!ca.certificate().getNotAfter().toInstant().isAfter(now.plus(AuthorityRotation.OVERLAP.multipliedBy(3)))) {
        // too late for a rotation with overlap (the operator was away): a new one at once
        reasons.add("the certificate authority ends " + ca.certificate().getNotAfter().toInstant() + ": replaced");
        return null;
      }
      return ca;
    } catch (PeerTlsException e) {
      reasons.add("the certificate authority is unusable (" + e.getMessage() + "): replaced");
      return null;
    }
  }

  /** Why the node certificate of {@code role} must be issued again; null when it is fine. */
  private static String nodeDue(
      Map<String, String> current, PeerCertificateAuthority ca, Role role, String pairName, String address,
      Instant now, boolean renewing) {
    String cert = current.get(role.id() + ".crt");
    String key = current.get(role.id() + ".key");
    if (cert == null || key == null) {
      return "no certificate yet";
    }
    NodeCredentials node;
    try {
      node = NodeCredentials.parse(
          Pem.encode(ca.certificate()), NodeCredentials.CA_FILE, cert, role.id() + ".crt", key, role.id() + ".key");
    } catch (PeerTlsException e) {
      return "certificate unusable (" + e.getMessage() + ")";
    }
    X509Certificate c = node.certificate();
    try {
      PeerCertificates.checkNames(c, pairName, address);
    } catch (java.security.cert.CertificateException e) {
      return "certificate names no longer match (" + e.getMessage() + ")";
    }
    boolean lasts = c.getNotAfter().toInstant().isAfter(now.plus(AuthorityRotation.OVERLAP.multipliedBy(2)));
    if (PeerCertificateAuthority.dueForRenewal(c, now) && (renewing || !lasts)) {
      return "certificate ends " + c.getNotAfter().toInstant() + ": renewed";
    }
    return null;
  }

  private static Map<String, String> decode(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    if (data != null) {
      data.forEach((k, v) -> out.put(k, new String(Base64.getMimeDecoder().decode(v), StandardCharsets.US_ASCII)));
    }
    return out;
  }

  private static Map<String, String> encode(Map<String, String> data) {
    Map<String, String> out = new LinkedHashMap<>();
    data.forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.US_ASCII))));
    return out;
  }
}
