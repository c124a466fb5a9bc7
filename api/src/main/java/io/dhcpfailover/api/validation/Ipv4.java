package io.dhcpfailover.api.validation;

/** IPv4 addresses as {@code int} in network order (the first octet is the most significant byte). */
public final class Ipv4 {
  private Ipv4() {}

  /**
   * Parses a dotted quad strictly (four decimal octets, no leading '+', no host names).
   *
   * @throws IllegalArgumentException naming the text when it is no IPv4 address
   */
  public static int parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no IPv4 address given");
    }
    String[] parts = text.trim().split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("'" + text + "' is no IPv4 address");
    }
    int value = 0;
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        throw new IllegalArgumentException("'" + text + "' is no IPv4 address");
      }
      int octet = Integer.parseInt(part);
      if (octet > 255) {
        throw new IllegalArgumentException("'" + text + "' is no IPv4 address");
      }
      value = (value << 8) | octet;
    }
    return value;
  }

  /** The dotted quad of an address. */
  public static String format(int address) {
    return ((address >>> 24) & 0xff)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff);
  }


  /** The netmask of a prefix length, e.g. 24 gives 255.255.255.0. */
  public static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** Unsigned comparison of two addresses. */
  public static int compare(int a, int b) {
    return Integer.compareUnsigned(a, b);
  }
}
