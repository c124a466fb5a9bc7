package io.dhcpfailover.node.codec.dhcp;

/** DHCP message types (option 53, RFC 2132 §9.6). A closed set: unknown values are rejected. */
public enum DhcpMessageType {
  DISCOVER(1),
  OFFER(2),
  REQUEST(3),
  DECLINE(4),
  ACK(5),
  NAK(6),
  RELEASE(7),
  INFORM(8);

  private final int code;

  DhcpMessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type with this code, or null when the code is not one of RFC 2132's eight. */
  public static DhcpMessageType fromCode(int code) {
    return code >= 1 && code <= 8 ? values()[code - 1] : null;
  }

  @Override
  public String toString() {
    return name() + "(" + code + ")";
  }
}
