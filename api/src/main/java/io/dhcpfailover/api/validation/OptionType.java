package io.dhcpfailover.api.validation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The value type of a DHCPv4 option (RFC 2132 §2 and the RFCs that define later codes): how its
 * value is written in a pair file's {@code value} field and how it is laid out on the wire. Each
 * parser throws {@link IllegalArgumentException} with a message that quotes the offending part
 * ({@code "70000" is out of range 0 to 65535}); the caller names the option and the field.
 */
public enum OptionType {
  /** One octet, 0 or 1 (RFC 2132 §4.1 "ip-forwarding" and the other flags). */
  BOOLEAN("boolean", 1, 1),
  /** An unsigned octet. */
  UINT8("uint8", 1, 1),
  /** An unsigned 16-bit integer in network order. */
  UINT16("uint16", 2, 2),
  /** An unsigned 32-bit integer in network order. */
  UINT32("uint32", 4, 4),
  /** A signed 32-bit integer in network order, two's complement (option 2, time offset). */
  INT32("int32", 4, 4),
  /** A list of unsigned 16-bit integers (option 25, path MTU plateau table). */
  UINT16_LIST("list of uint16", 2, 0),
  /** Exactly one IPv4 address. */
  IPV4("IPv4 address", 4, 4),
  /** One or more IPv4 addresses. */
  IPV4_LIST("list of IPv4 addresses", 4, 0),
  /** Pairs of IPv4 addresses (option 21 address and mask, option 33 destination and router). */
  IPV4_PAIRS("list of IPv4 address pairs", 8, 0),
  /** Text (NVT ASCII in RFC 2132; sent as its UTF-8 bytes). */
  STRING("string", 1, 0),
  /** Domain names in the uncompressed wire form of RFC 1035 §3.1 (option 119, RFC 3397). */
  DOMAIN_LIST("list of domain names", 1, 0),
  /** Classless static routes, destination descriptor then router (option 121, RFC 3442). */
  CLASSLESS_ROUTES("list of classless routes", 5, 0),
  /** Bytes whose structure the server does not know (vendor-specific information). */
  BYTES("bytes", 1, 0);

  private final String label;
  private final int unit;
  private final int fixedLength;

  OptionType(String label, int unit, int fixedLength) {
    this.label = label;
    this.unit = unit;
    this.fixedLength = fixedLength;
  }

  /** The type as messages name it: {@code uint16}, {@code list of IPv4 addresses}. */
  public String label() {
    return label;
  }

  /** Whether the type is a single integer (or a flag written as one). */
  public boolean isInteger() {
    return this == BOOLEAN || this == UINT8 || this == UINT16 || this == UINT32 || this == INT32;
  }

  /** The smallest integer value of an integer type. */
  public long min() {
    return this == INT32 ? Integer.MIN_VALUE : 0;
  }

  /** The largest integer value of an integer type. */
  public long max() {
    return switch (this) {
      case BOOLEAN -> 1;
      case UINT8 -> 255;
      case UINT16 -> 65535;
      case INT32 -> Integer.MAX_VALUE;
      default -> 4294967295L;
    };
  }

  /** The value of the {@code value} field on the wire. */
  public byte[] parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new IllegalArgumentException("the value is empty");
    }
    return switch (this) {
      case BOOLEAN -> new byte[] {(byte) (bool(t) ? 1 : 0)};
      case UINT8, UINT16, UINT32, INT32 -> integer(number(t, min(), max()));
      case UINT16_LIST -> {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String item : items(t)) {
          long v = number(item, 0, 65535);
          out.write((int) (v >> 8));
          out.write((int) v);
        }
        yield out.toByteArray();
      }
      case IPV4, IPV4_LIST, IPV4_PAIRS -> addresses(items(t));
      case STRING -> t.getBytes(StandardCharsets.UTF_8);
      case DOMAIN_LIST -> domains(items(t));
      case CLASSLESS_ROUTES -> routes(items(t));
      case BYTES -> hexBytes(t);
    };
  }

  /** An integer given in one of the {@code uintN} fields, laid out as this type. */
  public byte[] integer(long v) {
    return switch (this) {
      case BOOLEAN, UINT8 -> new byte[] {(byte) v};
      case UINT16 -> new byte[] {(byte) (v >> 8), (byte) v};
      default -> new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    };
  }

  /** The wire form of addresses given in the {@code addresses} field. */
  public byte[] addresses(List<String> addresses) {
    if (this == IPV4 && addresses.size() != 1) {
      throw new IllegalArgumentException("give exactly one address, not " + addresses.size());
    }
    if (this == IPV4_PAIRS && addresses.size() % 2 != 0) {
      throw new IllegalArgumentException(
          "give the addresses in pairs; " + addresses.size() + " is an odd count");
    }
    byte[] out = new byte[addresses.size() * 4];
    for (int i = 0; i < addresses.size(); i++) {
      int a = address(addresses.get(i));
      out[i * 4] = (byte) (a >>> 24);
      out[i * 4 + 1] = (byte) (a >>> 16);
      out[i * 4 + 2] = (byte) (a >>> 8);
      out[i * 4 + 3] = (byte) a;
    }
    return out;
  }

  /**
   * Why raw bytes (the {@code hex} field) cannot be a value of this type, or null when they can:
   * the length fits the type and a structured value decodes.
   */
  public String checkBytes(byte[] raw) {
    if (fixedLength > 0 && raw.length != fixedLength) {
      return "takes exactly " + fixedLength + (fixedLength == 1 ? " byte" : " bytes")
          + ", not " + raw.length;
    }
    if (raw.length == 0 || raw.length % unit != 0 && this != CLASSLESS_ROUTES) {
      return "takes a multiple of " + unit + (unit == 1 ? " byte" : " bytes")
          + ", not " + raw.length;
    }
    if (this == BOOLEAN && raw[0] != 0 && raw[0] != 1) {
      return "is 00 or 01";
    }
    if (this == DOMAIN_LIST) {
      return OptionWire.domainsProblem(raw);
    }
    if (this == CLASSLESS_ROUTES) {
      return OptionWire.routesProblem(raw);
    }
    return null;
  }

  private static boolean bool(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "on", "1" -> true;
      case "false", "off", "0" -> false;
      default -> throw new IllegalArgumentException(
          "\"" + t + "\" is no boolean (true, false, on, off, 1, 0)");
    };
  }

  private static long number(String t, long min, long max) {
    String s = t.trim();
    if (!s.matches("-?[0-9]{1,20}")) {
      throw new IllegalArgumentException("\"" + s + "\" is no decimal integer");
    }
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("\"" + s + "\" is out of range " + min + " to " + max);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("\"" + s + "\" is out of range " + min + " to " + max);
    }
    return v;
  }

  /** The comma-separated items of a list value, each trimmed and non-empty. */
  static List<String> items(String t) {
    List<String> out = new ArrayList<>();
    for (String item : t.split(",", -1)) {
      String s = item.trim();
      if (s.isEmpty()) {
        throw new IllegalArgumentException("\"" + t + "\" has an empty item; separate items by ','");
      }
      out.add(s);
    }
    return out;
  }

  static int address(String text) {
    try {
      return Ipv4.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + text + "\" is no IPv4 address");
    }
  }

  private static byte[] domains(List<String> names) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String name : names) {
      String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      if (n.isEmpty() || n.length() > 253 || !n.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("\"" + name + "\" is no domain name");
      }
      for (String label : n.split("\\.", -1)) {
        if (label.isEmpty() || label.length() > 63) {
          throw new IllegalArgumentException(
              "\"" + name + "\" is no domain name (labels of 1 to 63 characters)");
        }
        out.write(label.length());
        out.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
      }
      out.write(0);
    }
    return out.toByteArray();
  }

  /**
   * Routes as {@code 198.18.8.0/24 198.18.0.1} (also {@code 198.18.8.0/24 - 198.18.0.1}, as Kea
   * writes them): each the width, the significant octets of the destination and the router.
   */
  private static byte[] routes(List<String> routes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String route : routes) {
      String[] parts = route.replace(" - ", " ").trim().split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "\"" + route + "\" is no route; write destination/width and router,"
                + " e.g. 198.18.8.0/24 198.18.0.1");
      }
      Prefix destination;
      try {
        destination = Prefix.parse(parts[0]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"" + parts[0] + "\" is no destination like 198.18.8.0/24");
      }
      if (destination.hostBitsSet()) {
        throw new IllegalArgumentException("\"" + parts[0] + "\" has host bits set");
      }
      int router = address(parts[1]);
      out.write(destination.length());
      int first = destination.first();
      for (int i = 0; i < (destination.length() + 7) / 8; i++) {
        out.write(first >>> (24 - 8 * i));
      }
      out.write(router >>> 24);
      out.write(router >>> 16);
      out.write(router >>> 8);
      out.write(router);
    }
    return out.toByteArray();
  }

  private static byte[] hexBytes(String t) {
    String h = t.replace(":", "");
    try {
      byte[] b = HexFormat.of().parseHex(h);
      if (b.length == 0) {
        throw new IllegalArgumentException("empty");
      }
      return b;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"" + t + "\" is no hex bytes like 01:02:ff");
    }
  }
}
