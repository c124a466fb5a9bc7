package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.Ipv4;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The DHCPv4 options both importers know by name (RFC 2132 and later; ISC dhcpd and Kea use the
 * same names but for the boot file), and how each lands in a subnet of the pair file: in a field of
 * its own ({@code routers}, {@code dnsServers}, ...) or as an {@link OptionSpec} by code.
 */
final class OptionCatalog {

  /** How an option's value is written. */
  enum Type {
    ADDRESSES,
    TEXT,
    UINT8,
    UINT16,
    UINT32,
    INT32,
    FLAG,
    DOMAINS,
    HEX
  }

  record Definition(int code, String name, Type type) {}

  /** Codes the server sets itself (or the client): never configurable in a pair file. */
  static final Set<Integer> SERVER_SET = Set.of(50, 52, 53, 55, 57, 61, 82);

  private static final Map<String, Definition> BY_NAME = new HashMap<>();
  private static final Map<Integer, Definition> BY_CODE = new HashMap<>();

  static {
    define(1, "subnet-mask", Type.ADDRESSES);
    define(2, "time-offset", Type.INT32);
    define(3, "routers", Type.ADDRESSES);
    define(4, "time-servers", Type.ADDRESSES);
    define(5, "ien116-name-servers", Type.ADDRESSES);
    define(6, "domain-name-servers", Type.ADDRESSES);
    define(7, "log-servers", Type.ADDRESSES);
    define(9, "lpr-servers", Type.ADDRESSES);
    define(12, "host-name", Type.TEXT);
    define(13, "boot-size", Type.UINT16);
    define(15, "domain-name", Type.TEXT);
    define(16, "swap-server", Type.ADDRESSES);
    define(17, "root-path", Type.TEXT);
    define(19, "ip-forwarding", Type.FLAG);
    define(23, "default-ip-ttl", Type.UINT8);
    define(26, "interface-mtu", Type.UINT16);
    define(28, "broadcast-address", Type.ADDRESSES);
    define(31, "router-discovery", Type.FLAG);
    define(35, "arp-cache-timeout", Type.UINT32);
    define(37, "default-tcp-ttl", Type.UINT8);
    define(40, "nis-domain", Type.TEXT);
    define(41, "nis-servers", Type.ADDRESSES);
    define(42, "ntp-servers", Type.ADDRESSES);
    define(43, "vendor-encapsulated-options", Type.HEX);
    define(44, "netbios-name-servers", Type.ADDRESSES);
    define(45, "netbios-dd-server", Type.ADDRESSES);
    define(46, "netbios-node-type", Type.UINT8);
    define(47, "netbios-scope", Type.TEXT);
    define(51, "dhcp-lease-time", Type.UINT32);
    define(54, "dhcp-server-identifier", Type.ADDRESSES);
    define(58, "dhcp-renewal-time", Type.UINT32);
    define(59, "dhcp-rebinding-time", Type.UINT32);
    define(60, "vendor-class-identifier", Type.TEXT);
    define(66, "tftp-server-name", Type.TEXT);
    define(67, "bootfile-name", Type.TEXT);
    define(69, "smtp-server", Type.ADDRESSES);
    define(70, "pop-server", Type.ADDRESSES);
    define(72, "www-server", Type.ADDRESSES);
    define(119, "domain-search", Type.DOMAINS);
    define(150, "tftp-server-address", Type.ADDRESSES);
    BY_NAME.put("boot-file-name", BY_CODE.get(67)); // Kea's name
  }

  private static void define(int code, String name, Type type) {
    Definition d = new Definition(code, name, type);
    BY_NAME.put(name, d);
    BY_CODE.put(code, d);
  }

  private OptionCatalog() {}

  static Definition byName(String name) {
    return BY_NAME.get(name.toLowerCase(Locale.ROOT));
  }

  static Definition byCode(int code) {
    return BY_CODE.get(code);
  }

  /**
   * Puts one option into {@code subnet}.
   *
   * @param values the value's parts: one per list element (addresses, domains), or one text
   * @return null when translated, else why not
   */
  static String apply(Definition d, List<String> values, SubnetSpec subnet) {
    if (values.isEmpty()) {
      return "option " + d.name() + " has no value";
    }
    if (SERVER_SET.contains(d.code())) {
      return "option " + d.name() + " (" + d.code() + ") is set by the server or the client itself";
    }
    try {
      switch (d.code()) {
        case 1 -> subnet.setSubnetMask(address(values.get(0)));
        case 3 -> subnet.setRouters(addresses(values));
        case 6 -> subnet.setDnsServers(addresses(values));
        case 12 -> subnet.setHostname(values.get(0));
        case 15 -> subnet.setDomainName(values.get(0));
        case 51 -> subnet.setLeaseTime(Durations.format(Long.parseLong(values.get(0))));
        case 58 -> subnet.setRenewalTime(Durations.format(Long.parseLong(values.get(0))));
        case 59 -> subnet.setRebindingTime(Durations.format(Long.parseLong(values.get(0))));
        case 54 -> {
          return "option dhcp-server-identifier: the node's own address is its server identifier"
              + " (spec.primary.address / spec.secondary.address)";
        }
        case 66 -> subnet.setTftpServerName(values.get(0));
        case 67 -> subnet.setBootFileName(values.get(0));
        default -> {
          OptionSpec o = option(d, values);
          subnet.getOptions().removeIf(x -> x.getCode() != null && x.getCode() == d.code());
          subnet.getOptions().add(o);
        }
      }
    } catch (IllegalArgumentException e) {
      return "option " + d.name() + ": " + e.getMessage();
    }
    return null;
  }

  /** The option as an {@link OptionSpec} of the pair file. */
  static OptionSpec option(Definition d, List<String> values) {
    OptionSpec o = new OptionSpec();
    o.setCode(d.code());
    switch (d.type()) {
      case ADDRESSES -> o.setAddresses(addresses(values));
      case TEXT -> o.setText(String.join(",", values));
      case UINT8 -> o.setUint8((int) number(values.get(0), 0, 255));
      case UINT16 -> o.setUint16((int) number(values.get(0), 0, 65535));
      case UINT32 -> o.setUint32(number(values.get(0), 0, 4294967295L));
      case INT32 -> o.setUint32(number(values.get(0), Integer.MIN_VALUE, Integer.MAX_VALUE) & 0xffffffffL);
      case FLAG -> o.setUint8(flag(values.get(0)) ? 1 : 0);
      case DOMAINS -> o.setHex(HexFormat.ofDelimiter(":").formatHex(domains(values)));
      case HEX -> o.setHex(hex(String.join(":", values)));
    }
    return o;
  }

  static String address(String text) {
    String t = text.trim();
    try {
      Ipv4.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + t + "' is no IPv4 address (host names are not resolved: write the address)");
    }
    return t;
  }

  static List<String> addresses(List<String> values) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(address(v));
    }
    return out;
  }

  static long number(String text, long min, long max) {
    long v;
    try {
      v = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is no number");
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException(v + " is out of range " + min + " to " + max);
    }
    return v;
  }

  static boolean flag(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "on", "1" -> true;
      case "false", "off", "0" -> false;
      default -> throw new IllegalArgumentException("'" + text + "' is no boolean");
    };
  }

  /** Hex with or without colons, as colon-separated pairs; single digits get a leading 0 (ISC). */
  static String hex(String text) {
    String t = text.trim();
    StringBuilder sb = new StringBuilder();
    if (t.contains(":")) {
      for (String part : t.split(":")) {
        if (part.isEmpty() || part.length() > 2) {
          throw new IllegalArgumentException("'" + text + "' is no hex string");
        }
        sb.append(sb.length() > 0 ? ":" : "").append(part.length() == 1 ? "0" + part : part);
      }
    } else {
      if (t.length() % 2 != 0) {
        throw new IllegalArgumentException("'" + text + "' is no hex string");
      }
      for (int i = 0; i < t.length(); i += 2) {
        sb.append(i > 0 ? ":" : "").append(t, i, i + 2);
      }
    }
    String out = sb.toString().toLowerCase(Locale.ROOT);
    if (!out.matches("[0-9a-f]{2}(:[0-9a-f]{2})*")) {
      throw new IllegalArgumentException("'" + text + "' is no hex string");
    }
    return out;
  }

  /** Domain names in the uncompressed wire form of RFC 1035 §3.1 (option 119, RFC 3397). */
  static byte[] domains(List<String> names) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String name : names) {
      String n = name.trim();
      if (n.endsWith(".")) {
        n = n.substring(0, n.length() - 1);
      }
      for (String label : n.split("\\.")) {
        byte[] b = label.getBytes(StandardCharsets.US_ASCII);
        if (b.length == 0 || b.length > 63) {
          throw new IllegalArgumentException("'" + name + "' is no domain name");
        }
        out.write(b.length);
        out.writeBytes(b);
      }
      out.write(0);
    }
    return out.toByteArray();
  }
}
