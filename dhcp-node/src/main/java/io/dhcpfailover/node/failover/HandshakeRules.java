package io.dhcpfailover.node.failover;

import io.dhcpfailover.node.codec.failover.FailoverMessage;
import io.dhcpfailover.node.codec.failover.RejectReason;

/** The checks of CONNECT and CONNECTACK (digest §A.1, §C), pure. */
final class HandshakeRules {
  private HandshakeRules() {}

  /** Why a CONNECT is refused: the reason for the CONNECTACK and a text for the log. */
  record Refusal(RejectReason reason, String why) {}

  /** The secondary's check of the primary's CONNECT; null to accept it. */
  static Refusal checkConnect(FailoverSettings settings, FailoverMessage m, long now, boolean linked) {
    String name = m.relationshipName().orElse("");
    if (!settings.relationship().equals(name)) {
      return new Refusal(RejectReason.INVALID_PARTNER, "unknown relationship '" + name + "'");
    }
    if (m.mclt().orElse(0) <= 0) {
      return new Refusal(RejectReason.INVALID_MCLT, "no MCLT");
    }
    if (Math.abs(now - m.time()) > FailoverCore.MAX_SKEW_SECONDS) {
      return new Refusal(RejectReason.TIME_MISMATCH, "clocks differ by " + (m.time() - now) + " s");
    }
    if (m.protocolVersion().orElse(1) != FailoverMessage.PROTOCOL_VERSION) {
      return new Refusal(RejectReason.PROTOCOL_VERSION_MISMATCH, "protocol version " + m.protocolVersion().orElse(0));
    }
    if (linked) {
      return new Refusal(RejectReason.DUPLICATE_CONNECTION, "already connected");
    }
    return null;
  }

  /** The primary's check of the secondary's CONNECTACK; null to accept it, else why not. */
  static String checkConnectAck(FailoverSettings settings, FailoverMessage m, long now) {
    if (m.rejectReason().isPresent()) {
      return "partner refused: " + m.rejectReason().get() + " " + m.message().orElse("");
    }
    if (!settings.relationship().equals(m.relationshipName().orElse(settings.relationship()))) {
      return "partner speaks for relationship '" + m.relationshipName().orElse("") + "'";
    }
    if (Math.abs(now - m.time()) > FailoverCore.MAX_SKEW_SECONDS) {
      return "partner clock differs by " + (m.time() - now) + " s";
    }
    return null;
  }
}
