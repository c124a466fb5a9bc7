package io.dhcpfailover.node.config;

import io.dhcpfailover.node.util.Ipv4;

/**
 * An IPv4 prefix, parsed from CIDR notation.
 *
 * @param network the network address (host bits may be set when parsed leniently)
 * @param length the prefix length, 0 to 32
 */
record Prefix(int network, int length) {

  /**
   * Parses {@code a.b.c.d/n}.
   *
   * @throws IllegalArgumentException when the text is no CIDR prefix
   */
  static Prefix parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no prefix given");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("no prefix length");
    }
    int address = Ipv4.parse(text.substring(0, slash));
    String len = text.substring(slash + 1).trim();
    if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("bad prefix length");
    }
    int length = Integer.parseInt(len);
    if (length > 32) {
      throw new IllegalArgumentException("bad prefix length");
    }
    return new Prefix(address, length);
  }

  int mask() {
    return Ipv4.mask(length);
  }

  boolean hostBitsSet() {
    return (network & ~mask()) != 0;
  }

  int first() {
    return network & mask();
  }

  int last() {
    return first() | ~mask();
  }

  boolean contains(int address) {
    return (address & mask()) == first();
  }

  boolean overlaps(Prefix other) {
    return contains(other.first()) || other.contains(first());
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + length;
  }
}
