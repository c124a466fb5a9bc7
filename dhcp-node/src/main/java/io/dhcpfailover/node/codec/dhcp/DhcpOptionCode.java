package io.dhcpfailover.node.codec.dhcp;

import java.util.HashMap;
import java.util.Map;

/**
 * A DHCP option code (RFC 2132 and later). An open type: {@link #valueOf(int)} never throws, and
 * options this server does not know survive decode and encode unchanged.
 */
public final class DhcpOptionCode implements Comparable<DhcpOptionCode> {
  private static final DhcpOptionCode[] BY_CODE = new DhcpOptionCode[256];
  private static final Map<Integer, String> NAMES = new HashMap<>();

  public static final DhcpOptionCode PAD = named(0, "PAD");
  public static final DhcpOptionCode SUBNET_MASK = named(1, "SUBNET_MASK");
  public static final DhcpOptionCode TIME_OFFSET = named(2, "TIME_OFFSET");
  public static final DhcpOptionCode ROUTERS = named(3, "ROUTERS");
  public static final DhcpOptionCode DNS_SERVERS = named(6, "DNS_SERVERS");
  public static final DhcpOptionCode HOST_NAME = named(12, "HOST_NAME");
  public static final DhcpOptionCode DOMAIN_NAME = named(15, "DOMAIN_NAME");
  public static final DhcpOptionCode BROADCAST_ADDRESS = named(28, "BROADCAST_ADDRESS");
  public static final DhcpOptionCode NTP_SERVERS = named(42, "NTP_SERVERS");
  public static final DhcpOptionCode REQUESTED_ADDRESS = named(50, "REQUESTED_ADDRESS");
  public static final DhcpOptionCode LEASE_TIME = named(51, "LEASE_TIME");
  public static final DhcpOptionCode OVERLOAD = named(52, "OVERLOAD");
  public static final DhcpOptionCode MESSAGE_TYPE = named(53, "MESSAGE_TYPE");
  public static final DhcpOptionCode SERVER_ID = named(54, "SERVER_ID");
  public static final DhcpOptionCode PARAMETER_REQUEST_LIST = named(55, "PARAMETER_REQUEST_LIST");
  public static final DhcpOptionCode MESSAGE = named(56, "MESSAGE");
  public static final DhcpOptionCode MAX_MESSAGE_SIZE = named(57, "MAX_MESSAGE_SIZE");
  public static final DhcpOptionCode RENEWAL_TIME = named(58, "RENEWAL_TIME");
  public static final DhcpOptionCode REBINDING_TIME = named(59, "REBINDING_TIME");
  public static final DhcpOptionCode VENDOR_CLASS_ID = named(60, "VENDOR_CLASS_ID");
  public static final DhcpOptionCode CLIENT_ID = named(61, "CLIENT_ID");
  public static final DhcpOptionCode TFTP_SERVER = named(66, "TFTP_SERVER");
  public static final DhcpOptionCode BOOTFILE = named(67, "BOOTFILE");
  public static final DhcpOptionCode RELAY_AGENT_INFO = named(82, "RELAY_AGENT_INFO");
  public static final DhcpOptionCode END = named(255, "END");

  private final int code;
  private final String name;

  private DhcpOptionCode(int code, String name) {
    this.code = code;
    this.name = name;
  }

  private static DhcpOptionCode named(int code, String name) {
    DhcpOptionCode c = new DhcpOptionCode(code, name);
    BY_CODE[code] = c;
    NAMES.put(code, name);
    return c;
  }

  static {
    for (int i = 0; i < 256; i++) {
      if (BY_CODE[i] == null) {
        BY_CODE[i] = new DhcpOptionCode(i, "UNKNOWN");
      }
    }
  }

  /** The code for a value 0..255; never throws for those, throws for values outside a byte. */
  public static DhcpOptionCode valueOf(int code) {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("option code out of range: " + code);
    }
    return BY_CODE[code];
  }

  public int code() {
    return code;
  }

  public String name() {
    return name;
  }

  @Override
  public int compareTo(DhcpOptionCode o) {
    return Integer.compare(code, o.code);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DhcpOptionCode other && other.code == code;
  }

  @Override
  public int hashCode() {
    return code;
  }

  @Override
  public String toString() {
    return name + "(" + code + ")";
  }
}
