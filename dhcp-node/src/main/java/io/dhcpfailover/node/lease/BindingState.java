package io.dhcpfailover.node.lease;

/**
 * The state of one address, with the failover binding-status codes (draft-ietf-dhc-failover-12
 * §5.14, as ISC dhcpd sends them).
 */
public enum BindingState {
  /** Available; owned by the primary's pool. */
  FREE(1),
  /** Leased to a client. */
  ACTIVE(2),
  /** The lease ran out; reusable once the partner acknowledges. */
  EXPIRED(3),
  /** The client released it; reusable once the partner acknowledges. */
  RELEASED(4),
  /** Unusable: a client declined it (in use by someone else). */
  ABANDONED(5),
  /** Freed by an administrator; reusable once the partner acknowledges. */
  RESET(6),
  /** Available; owned by the secondary's pool. */
  BACKUP(7);

  private final int code;

  BindingState(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The state with this binding-status code, or null for an unknown code. */
  public static BindingState fromCode(int code) {
    return code >= 1 && code <= 7 ? values()[code - 1] : null;
  }

  /** FREE or BACKUP: not bound to any client. */
  public boolean isAvailable() {
    return this == FREE || this == BACKUP;
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
