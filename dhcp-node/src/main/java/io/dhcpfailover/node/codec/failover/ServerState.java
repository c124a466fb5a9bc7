package io.dhcpfailover.node.codec.failover;

/**
 * Failover server states with their server-state option (24) wire codes (draft-ietf-dhc-failover-12
 * §12.23; digest §C). RECOVER-WAIT has no number in the draft; ISC dhcpd sends 254, confirmed on
 * the wire (captures d3-088). {@link #UNKNOWN} is ISC's "unknown-state" (0), its first guess for
 * the partner; it is never sent.
 */
public enum ServerState {
  UNKNOWN(0),
  /** Never sent as a state: a starting server sends its saved state with the STARTUP flag. */
  STARTUP(1),
  NORMAL(2),
  COMMUNICATIONS_INTERRUPTED(3),
  PARTNER_DOWN(4),
  POTENTIAL_CONFLICT(5),
  RECOVER(6),
  PAUSED(7),
  SHUTDOWN(8),
  RECOVER_DONE(9),
  RESOLUTION_INTERRUPTED(10),
  CONFLICT_DONE(11),
  RECOVER_WAIT(254);

  /** server-flags (option 23) bit: the sender is in STARTUP (draft-12 §12.22). */
  public static final int FLAG_STARTUP = 0x01;

  private final int code;

  ServerState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The state with this wire code, or null for a value ISC would call an invalid state. */
  public static ServerState fromCode(int code) {
    for (ServerState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    return null;
  }

  /** The name as ISC and the draft spell it, e.g. {@code communications-interrupted}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
