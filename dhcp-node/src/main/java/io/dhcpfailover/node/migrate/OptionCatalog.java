package io.dhcpfailover.node.migrate;

import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.v1alpha1.SubnetSpec;
import io.dhcpfailover.api.validation.Ipv4;
import io.dhcpfailover.api.validation.OptionTypes;
import io.dhcpfailover.api.validation.OptionTypes.Definition;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How an option both importers know by name (the pair file's own table, {@link OptionTypes}, whose
 * names are ISC dhcpd's with Kea's as aliases) lands in a subnet of the pair file: in a field of
 * its own ({@code routers}, {@code dnsServers}, ...) or as an {@link OptionSpec} by code.
 */
final class OptionCatalog {

  /** Codes the server sets itself (or the client): never configurable in a pair file. */
  static final Set<Integer> SERVER_SET = Set.of(50, 52, 53, 55, 57, 61, 82);

  private OptionCatalog() {}

  static Definition byName(String name) {
    return OptionTypes.byName(name);
  }

  static Definition byCode(int code) {
    return OptionTypes.byCode(code);
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

  /**
   * The option as an {@link OptionSpec} of the pair file: addresses, text and opaque bytes in their
   * own fields; anything else as {@code value} when the code's type is known to the pair file (and
   * is this type), else as an integer of the type's width or as hex.
   *
   * @throws IllegalArgumentException naming the value that does not fit the type
   */
  static OptionSpec option(Definition d, List<String> values) {
    OptionSpec o = new OptionSpec();
    o.setCode(d.code());
    Definition known = OptionTypes.byCode(d.code());
    if (known != null && known.type() != d.type()) {
      throw new IllegalArgumentException("it redefines option " + known.title() + ", which is "
          + known.type().label() + ", as " + d.type().label());
    }
    switch (d.type()) {
      case IPV4, IPV4_LIST, IPV4_PAIRS -> {
        d.type().addresses(addresses(values));
        o.setAddresses(addresses(values));
      }
      case STRING -> o.setText(String.join(",", values));
      case BYTES -> o.setHex(hex(String.join(":", values)));
      default -> {
        String value = String.join(", ", values).trim();
        byte[] wire = d.type().parse(value);
        if (known != null) {
          o.setValue(value);
        } else if (d.type().isInteger()) {
          long v = 0;
          for (byte b : wire) {
            v = (v << 8) | (b & 0xff);
          }
          switch (wire.length) {
            case 1 -> o.setUint8((int) v);
            case 2 -> o.setUint16((int) v);
            default -> o.setUint32(v);
          }
        } else {
          o.setHex(HexFormat.ofDelimiter(":").formatHex(wire));
        }
      }
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
}
