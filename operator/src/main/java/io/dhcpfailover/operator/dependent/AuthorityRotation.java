package io.dhcpfailover.operator.dependent;

import io.dhcpfailover.api.tls.NodeCredentials;
import io.dhcpfailover.api.tls.PeerCertificateAuthority;
import io.dhcpfailover.api.tls.PeerTlsException;
import io.dhcpfailover.api.tls.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Replaces the pair's certificate authority before it ends without a moment in which the two nodes
 * distrust each other, whatever order and delay the kubelet updates their mounted files in. Three
 * steps, each at least {@link #OVERLAP} after the one before (so every node has read the files of
 * the previous step), kept in the peer-TLS Secret itself:
 *
 * <ol>
 *   <li>the authority A is due: a new one, B, is created and published beside it ({@code ca.crt}
 *       holds A and B; B waits in {@value #NEXT_CA}); the node certificates stay A's;
 *   <li>B signs: {@code ca.crt} holds B and A, {@code ca.key} is B's, and the node certificates are
 *       issued again by B (a node with B's certificate and one still with A's trust each other);
 *   <li>A is dropped: {@code ca.crt} holds B alone.
 * </ol>
 *
 * Pure: it works on the Secret's content (PEM text by key).
 */
final class AuthorityRotation {
  static final String NEXT_CA = "next-ca.crt";
  static final String NEXT_KEY = "next-ca.key";
  /** When the current step began (ISO-8601); absent outside a rotation. */
  static final String SINCE = "authority-rotation-since";
  /** Longer than the kubelet takes to update a mounted Secret (about a minute by default). */
  static final Duration OVERLAP = Duration.ofMinutes(10);

  private AuthorityRotation() {}

  /**
   * Steps 1 and 2 when due; returns the authority that signs from now on ({@code signing} or the
   * promoted next one). {@code next} is the Secret's content, changed in place.
   */
  static PeerCertificateAuthority advance(
      Map<String, String> next, PeerCertificateAuthority signing, String pairName, Instant now, List<String> reasons) {
    PeerCertificateAuthority upcoming = upcoming(next);
    if (upcoming == null) {
      if (!PeerCertificateAuthority.dueForRenewal(signing.certificate(), now) || next.containsKey(SINCE)) {
        return signing;
      }
      upcoming = PeerCertificateAuthority.create(pairName, now, PeerCertificateAuthority.CA_VALIDITY);
      next.put(NEXT_CA, Pem.encode(upcoming.certificate()));
      next.put(NEXT_KEY, Pem.encode(upcoming.key()));
      next.put(NodeCredentials.CA_FILE, Pem.encode(signing.certificate()) + Pem.encode(upcoming.certificate()));
      next.put(SINCE, now.toString());
      reasons.add("the certificate authority ends " + signing.certificate().getNotAfter().toInstant()
          + ": its successor is published beside it, and both are trusted");
      return signing;
    }
    if (now.isBefore(since(next).plus(OVERLAP))) {
      return signing;
    }
    next.put(NodeCredentials.CA_FILE, Pem.encode(upcoming.certificate()) + Pem.encode(signing.certificate()));
    next.put(PeerCertificateAuthority.KEY_FILE, Pem.encode(upcoming.key()));
    next.remove(NEXT_CA);
    next.remove(NEXT_KEY);
    next.put(SINCE, now.toString());
    reasons.add("the successor certificate authority signs from now on; the previous one is still trusted");
    return upcoming;
  }

  /**
   * Step 3, once the node certificates are {@code signing}'s (the caller has just made sure) and
   * the overlap has passed: the previous authority is trusted no more.
   */
  static void settle(Map<String, String> next, PeerCertificateAuthority signing, Instant now, List<String> reasons) {
    if (!next.containsKey(SINCE) || next.containsKey(NEXT_CA) || now.isBefore(since(next).plus(OVERLAP))) {
      return;
    }
    next.put(NodeCredentials.CA_FILE, Pem.encode(signing.certificate()));
    next.remove(SINCE);
    reasons.add("the previous certificate authority is no longer trusted");
  }

  /** Drops the rotation's keys (a new authority from scratch makes them moot). */
  static void forget(Map<String, String> next) {
    next.remove(NEXT_CA);
    next.remove(NEXT_KEY);
    next.remove(SINCE);
  }

  /** The authority waiting in the Secret, or null (none, or unusable: then it is dropped). */
  private static PeerCertificateAuthority upcoming(Map<String, String> next) {
    String cert = next.get(NEXT_CA);
    String key = next.get(NEXT_KEY);
    if (cert == null || key == null) {
      next.remove(NEXT_CA);
      next.remove(NEXT_KEY);
      return null;
    }
    try {
      return PeerCertificateAuthority.parse(cert, NEXT_CA, key, NEXT_KEY);
    } catch (PeerTlsException e) {
      forget(next);
      return null;
    }
  }

  private static Instant since(Map<String, String> next) {
    try {
      return Instant.parse(next.getOrDefault(SINCE, ""));
    } catch (DateTimeParseException e) {
      return Instant.EPOCH; // unreadable: the overlap counts as passed
    }
  }

  /** The first certificate of {@code ca.crt}: the authority that signs. */
  static String signingPem(String bundle) throws PeerTlsException {
    List<X509Certificate> all = Pem.certificates(bundle, NodeCredentials.CA_FILE);
    return Pem.encode(all.get(0));
  }
}
