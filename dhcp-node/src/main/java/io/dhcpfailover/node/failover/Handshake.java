package io.dhcpfailover.node.failover;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.FailoverMessageType;
import io.dhcpfailover.node.codec.failover.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side of the handshake on a new connection (digest §A.1, §C): the secondary checks and
 * answers the primary's CONNECT, the primary checks the CONNECTACK. A refused or out-of-turn
 * message closes the connection; an accepted one yields the partner's terms.
 */
final class Handshake {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverCore.class);

  /** What the partner announced, and its clock minus ours in seconds. */
  record Terms(long maxUnacked, long receiveTimer, byte[] hba, long skew, long mclt) {}

  private Handshake() {}

  /**
   * @param linked whether an established connection exists already
   * @param hba the hash bucket assignment in use (kept when the CONNECT carries none)
   * @return the partner's terms, or null when {@code c} was closed
   */
  /** The primary's CONNECT, sent on every connection it opens or accepts (digest §A.1). */
  static FailoverMessage connect(FailoverSettings settings, long xid, long now, long mclt, byte[] hba) {
    return FailoverMessage.connect(now, xid, settings.relationship(), settings.maxUnacked(),
        settings.maxResponseDelay(), settings.vendorClass(), mclt, hba);
  }

  static Terms answer(FailoverSettings settings, FailoverConnection c, FailoverMessage m, long now, boolean linked, byte[] hba) {
    if (settings.role() == Role.SECONDARY && m.type() == FailoverMessageType.CONNECT) {
      HandshakeRules.Refusal refusal = HandshakeRules.checkConnect(settings, m, now, linked);
      if (refusal != null) {
        RejectReason reject = refusal.reason();
        LOG.warn("FAILOVER_CONNECT_REJECTED remote={} reason={}: {}", c.io.remote(), reject, refusal.why());
        c.io.send(
            FailoverMessage.connectAckReject(
                now, m.xid(), settings.relationship(), settings.maxUnacked(), settings.maxResponseDelay(),
                settings.vendorClass(), m.tlsRequest().isPresent(), reject, refusal.why()));
        c.io.close();
        return null;
      }
      c.io.send(
          FailoverMessage.connectAck(
              now, m.xid(), settings.relationship(), settings.maxUnacked(),
              settings.maxResponseDelay(), settings.vendorClass(), m.tlsRequest().isPresent()));
      return terms(settings, m, now, m.hashBucketAssignment().orElse(hba), m.mclt().orElse(0));
    }
    if (settings.role() == Role.PRIMARY && m.type() == FailoverMessageType.CONNECTACK) {
      String refused = HandshakeRules.checkConnectAck(settings, m, now);
      if (refused != null) {
        LOG.warn("FAILOVER_REFUSED remote={}: {}", c.io.remote(), refused);
        c.io.close();
        return null;
      }
      if (linked) {
        c.io.close(); // keep the first accepted connection (digest §A.1)
        return null;
      }
      return terms(settings, m, now, hba, 0);
    }
    LOG.warn("FAILOVER_HANDSHAKE_VIOLATION remote={} got {}: closing", c.io.remote(), m.type());
    c.io.close();
    return null;
  }

  private static Terms terms(FailoverSettings settings, FailoverMessage m, long now, byte[] hba, long mclt) {
    return new Terms(
        m.maxUnackedBndupd().orElse(settings.maxUnacked()), m.receiveTimer().orElse(settings.maxResponseDelay()),
        hba, m.time() - now, mclt);
  }
}
