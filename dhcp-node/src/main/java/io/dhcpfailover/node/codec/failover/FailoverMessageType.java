package io.dhcpfailover.node.codec.failover;

/**
 * Failover message types (draft-ietf-dhc-failover-12 §6; digest §B). A closed set: ISC dhcpd 4.4.3
 * knows exactly these twelve, and {@link #fromCode(int)} rejects anything else.
 */
public enum FailoverMessageType {
  POOLREQ(1),
  POOLRESP(2),
  BNDUPD(3),
  BNDACK(4),
  CONNECT(5),
  CONNECTACK(6),
  UPDREQALL(7),
  UPDDONE(8),
  UPDREQ(9),
  STATE(10),
  CONTACT(11),
  DISCONNECT(12);

  private final int code;

  FailoverMessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** Whether {@code code} names one of the twelve types. */
  public static boolean isKnown(int code) {
    return code >= 1 && code <= 12;
  }

  /**
   * The type with this wire code.
   *
   * @throws IllegalArgumentException for any code outside 1..12
   */
  public static FailoverMessageType fromCode(int code) {
    if (!isKnown(code)) {
      throw new IllegalArgumentException("unknown failover message type " + code);
    }
    return values()[code - 1];
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
