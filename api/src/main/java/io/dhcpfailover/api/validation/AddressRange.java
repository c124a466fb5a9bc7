package io.dhcpfailover.api.validation;


/**
 * An inclusive range of dynamic addresses, {@code first} to {@code last}, compared unsigned.
 *
 * @param first the lowest address of the range
 * @param last the highest address of the range, not below {@code first}
 */
public record AddressRange(int first, int last) {

  /** Checks that the range is not empty. */
  public AddressRange {
    if (Ipv4.compare(first, last) > 0) {
      throw new IllegalArgumentException(
          "range " + Ipv4.format(first) + "-" + Ipv4.format(last) + " is reversed");
    }
  }

  /**
   * Parses {@code a.b.c.d-e.f.g.h} (spaces around the dash are allowed).
   *
   * @throws IllegalArgumentException when the text is no range or is reversed
   */
  public static AddressRange parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("no range given");
    }
    int dash = text.indexOf('-');
    if (dash < 0) {
      throw new IllegalArgumentException("'" + text + "' is no range first-last");
    }
    return new AddressRange(
        Ipv4.parse(text.substring(0, dash).trim()), Ipv4.parse(text.substring(dash + 1).trim()));
  }

  /** Whether {@code address} is in this range. */
  public boolean contains(int address) {
    return Ipv4.compare(address, first) >= 0 && Ipv4.compare(address, last) <= 0;
  }

  /** Whether the two ranges share an address. */
  public boolean overlaps(AddressRange other) {
    return Ipv4.compare(first, other.last) <= 0 && Ipv4.compare(other.first, last) <= 0;
  }

  /** The number of addresses in the range. */
  public long size() {
    return Integer.toUnsignedLong(last) - Integer.toUnsignedLong(first) + 1;
  }

  /** {@code first-last} in dotted quads, as the pair file writes it. */
  @Override
  public String toString() {
    return Ipv4.format(first) + "-" + Ipv4.format(last);
  }
}
