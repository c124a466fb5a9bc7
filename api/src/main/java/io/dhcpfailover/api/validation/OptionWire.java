package io.dhcpfailover.api.validation;

/** Structure checks of option values given as raw bytes whose type has an inner layout. */
final class OptionWire {
  private OptionWire() {}

  /**
   * Why the bytes are no list of uncompressed domain names (RFC 1035 §3.1: labels of 1 to 63
   * octets, each name ended by a zero octet), or null when they are.
   */
  static String domainsProblem(byte[] raw) {
    int i = 0;
    int nameLength = 0;
    while (i < raw.length) {
      int label = raw[i] & 0xff;
      if (label == 0) {
        if (nameLength == 0) {
          return "holds an empty domain name at byte " + i;
        }
        nameLength = 0;
        i++;
        continue;
      }
      if (label > 63) {
        return "holds a label of " + label + " bytes at byte " + i
            + " (at most 63; compression pointers are not allowed here)";
      }
      if (i + 1 + label > raw.length) {
        return "ends inside a label that starts at byte " + i;
      }
      nameLength += label + 1;
      i += label + 1;
    }
    return nameLength == 0 ? null : "ends inside a domain name (no closing zero byte)";
  }

  /**
   * Why the bytes are no list of classless routes (RFC 3442 §3: a width of 0 to 32, the
   * significant octets of the destination, a router of 4 octets), or null when they are.
   */
  static String routesProblem(byte[] raw) {
    int i = 0;
    while (i < raw.length) {
      int width = raw[i] & 0xff;
      if (width > 32) {
        return "holds a route of width " + width + " at byte " + i + " (at most 32)";
      }
      int length = 1 + (width + 7) / 8 + 4;
      if (i + length > raw.length) {
        return "ends inside the route that starts at byte " + i;
      }
      i += length;
    }
    return null;
  }
}
