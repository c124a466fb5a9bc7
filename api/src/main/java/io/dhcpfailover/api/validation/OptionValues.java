package io.dhcpfailover.api.validation;

import io.dhcpfailover.api.v1alpha1.OptionSpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The value forms of an {@link OptionSpec} and their wire encoding (RFC 2132 §2). */
public final class OptionValues {
  /** Codes the server sets itself in every reply, with the reason given to users. */
  public static final Map<Integer, String> SERVER_CONTROLLED =
      Map.ofEntries(
          Map.entry(50, "requested address is sent by clients only"),
          Map.entry(51, "the lease time is set by the server; use leaseTime"),
          Map.entry(52, "option overload is managed by the server"),
          Map.entry(53, "the DHCP message type is set by the server"),
          Map.entry(54, "the server identifier is the node's address"),
          Map.entry(55, "the parameter request list is sent by clients only"),
          Map.entry(57, "the maximum message size is sent by clients only"),
          Map.entry(58, "the renewal time (T1) is derived from leaseTime"),
          Map.entry(59, "the rebinding time (T2) is derived from leaseTime"),
          Map.entry(61, "the client identifier is sent by clients only"),
          Map.entry(82, "relay agent information is added by relays"));

  /** Codes that have their own field in the subnet, with that field. */
  public static final Map<Integer, String> DEDICATED_FIELD =
      Map.of(
          1, "subnetMask (by default the subnet's prefix length gives the mask)",
          3, "routers",
          6, "dnsServers",
          12, "hostname or reservations[].hostname",
          15, "domainName");

  private OptionValues() {}

  /** The names of the value forms given, in declaration order. */
  public static List<String> formsGiven(OptionSpec o) {
    List<String> forms = new ArrayList<>();
    if (o.getValue() != null) {
      forms.add("value");
    }
    if (o.getAddresses() != null) {
      forms.add("addresses");
    }
    if (o.getText() != null) {
      forms.add("text");
    }
    if (o.getHex() != null) {
      forms.add("hex");
    }
    if (o.getUint8() != null) {
      forms.add("uint8");
    }
    if (o.getUint16() != null) {
      forms.add("uint16");
    }
    if (o.getUint32() != null) {
      forms.add("uint32");
    }
    return forms;
  }

  /**
   * The value forms a type may be written in: {@code value} and {@code hex} always; numbers for
   * integers and booleans; addresses for address types; text for strings and opaque bytes.
   */
  public static List<String> formsFor(OptionType type) {
    return switch (type) {
      case BOOLEAN, UINT8, UINT16, UINT32, INT32 -> List.of("value", "uint8", "uint16", "uint32", "hex");
      case IPV4, IPV4_LIST, IPV4_PAIRS -> List.of("value", "addresses", "hex");
      case STRING, BYTES -> List.of("value", "text", "hex");
      default -> List.of("value", "hex");
    };
  }

  /** The integer of a {@code uintN} form, or null when the option has none. */
  public static Long integer(OptionSpec o) {
    if (o.getUint8() != null) {
      return o.getUint8().longValue();
    }
    if (o.getUint16() != null) {
      return o.getUint16().longValue();
    }
    return o.getUint32();
  }

  /**
   * The option's value on the wire: laid out by the code's type when it is known (RFC 2132 §2;
   * {@code uint16: 1500} and {@code value: "1500"} give the same two bytes for option 26), as
   * given otherwise. Assumes exactly one value form that fits the type.
   *
   * @throws IllegalArgumentException when a value does not parse
   */
  public static byte[] encode(OptionSpec o) {
    OptionTypes.Definition d = o.getCode() == null ? null : OptionTypes.byCode(o.getCode());
    OptionType type = d == null ? null : d.type();
    if (o.getValue() != null) {
      if (type == null) {
        throw new IllegalArgumentException(
            "option " + o.getCode() + " has no known type: give it as hex, text, addresses,"
                + " uint8, uint16 or uint32");
      }
      return type.parse(o.getValue());
    }
    if (o.getAddresses() != null) {
      return (type == null ? OptionType.IPV4_LIST : type).addresses(o.getAddresses());
    }
    if (o.getText() != null) {
      return o.getText().getBytes(StandardCharsets.UTF_8);
    }
    if (o.getHex() != null) {
      return HexFormat.of().parseHex(o.getHex().replace(":", ""));
    }
    Long v = integer(o);
    if (v == null) {
      throw new IllegalArgumentException("option " + o.getCode() + " has no value");
    }
    if (type != null && type.isInteger()) {
      return type.integer(v);
    }
    if (o.getUint8() != null) {
      return new byte[] {(byte) o.getUint8().intValue()};
    }
    if (o.getUint16() != null) {
      return ByteBuffer.allocate(2).putShort((short) o.getUint16().intValue()).array();
    }
    return ByteBuffer.allocate(4).putInt((int) o.getUint32().longValue()).array();
  }
}
