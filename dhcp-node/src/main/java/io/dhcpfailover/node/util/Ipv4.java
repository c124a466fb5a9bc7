package io.dhcpfailover.node.util;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IPv4 addresses as {@code int} in network order (the first octet is the most significant byte).
 * Text forms are those of the pair file, read by {@link io.dhcpfailover.api.validation.Ipv4}; this
 * class adds the conversions to and from {@link InetAddress}.
 */
public final class Ipv4 {
  private Ipv4() {}

  /**
   * Parses a dotted quad strictly (four decimal octets, no leading '+', no host names).
   *
   * @throws IllegalArgumentException naming the text when it is no IPv4 address
   */
  public static int parse(String text) {
    return io.dhcpfailover.api.validation.Ipv4.parse(text);
  }

  /** The dotted quad of an address. */
  public static String format(int address) {
    return io.dhcpfailover.api.validation.Ipv4.format(address);
  }

  public static Inet4Address toInet(int address) {
    byte[] b = {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  public static int fromInet(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 4) {
      throw new IllegalArgumentException(address + " is no IPv4 address");
    }
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /** The netmask of a prefix length, e.g. 24 gives 255.255.255.0. */
  public static int mask(int prefixLength) {
    return io.dhcpfailover.api.validation.Ipv4.mask(prefixLength);
  }

  /** Unsigned comparison of two addresses. */
  public static int compare(int a, int b) {
    return io.dhcpfailover.api.validation.Ipv4.compare(a, b);
  }
}
