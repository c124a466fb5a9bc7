package io.dhcpfailover.node.codec.dhcp;

/** A datagram that is no acceptable DHCP request. The reason is a metric label. */
public final class MalformedPacketException extends Exception {

  /** Why a datagram was dropped; {@link #label()} is the metric label. */
  public enum Reason {
    TOO_SHORT,
    NOT_A_REQUEST,
    BAD_COOKIE,
    BAD_HLEN,
    TOO_MANY_HOPS,
    OPTION_TRUNCATED,
    BAD_OPTION_LENGTH,
    BAD_OVERLOAD,
    NO_MESSAGE_TYPE,
    UNKNOWN_MESSAGE_TYPE,
    BOOTP_NOT_SERVED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Reason reason;

  public MalformedPacketException(Reason reason, String detail) {
    super(reason.label() + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
