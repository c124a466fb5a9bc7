package io.dhcpfailover.api.validation;


/**
 * An IPv4 prefix, parsed from CIDR notation.
 *
 * @param network the network address (host bits may be set when parsed leniently)
 * @param length the prefix length, 0 to 32
 */
public record Prefix(int network, int length) {

  /**
   * Parses {@code a.b.c.d/n}.
   *
   * @throws IllegalArgumentException when the text is no CIDR prefix
   */
  public static Prefix parse(String text) {
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

  /** The netmask. */
  public int mask() {
    return Ipv4.mask(length);
  }

  /** Whether the address has bits set beyond the prefix length. */
  public boolean hostBitsSet() {
    return (network & ~mask()) != 0;
  }

  /** The network address. */
  public int first() {
    return network & mask();
  }

  /** The broadcast address. */
  public int last() {
    return first() | ~mask();
  }

  /** Whether the address is inside the prefix. */
  public boolean contains(int address) {
    return (address & mask()) == first();
  }

  /** Whether the two prefixes share an address. */
  public boolean overlaps(Prefix other) {
    return contains(other.first()) || other.contains(first());
  }

  @Override
  public String toString() {
    return Ipv4.format(network) + "/" + length;
  }
}
