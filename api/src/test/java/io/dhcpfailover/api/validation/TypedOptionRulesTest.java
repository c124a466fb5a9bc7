package io.dhcpfailover.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.OptionSpec;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A value that does not fit the type of its code is refused, naming the field, the option and its
 * type, wherever the option is given (global, subnet, pool, class, reservation).
 */
class TypedOptionRulesTest {

  /** The validator's errors for the valid test pair with {@code o} as its only global option. */
  static List<String> errors(OptionSpec o) {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().getOptions().add(o);
    return PairValidator.validate(pair).stream().map(ConfigError::toString).toList();
  }

  private static OptionSpec option(int code, String form, Object value) {
    OptionSpec o = new OptionSpec();
    o.setCode(code);
    switch (form) {
      case "value" -> o.setValue((String) value);
      case "addresses" -> o.setAddresses(List.of(((String) value).split(",\\s*")));
      case "text" -> o.setText((String) value);
      case "hex" -> o.setHex((String) value);
      case "uint8" -> o.setUint8((Integer) value);
      case "uint16" -> o.setUint16((Integer) value);
      default -> o.setUint32(((Number) value).longValue());
    }
    return o;
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        Arguments.of(26, "value", "70000",
            "option 26 (interface-mtu) is uint16; \"70000\" is out of range 0 to 65535"),
        Arguments.of(26, "uint32", 70000L,
            "option 26 (interface-mtu) is uint16; \"70000\" is out of range 0 to 65535"),
        Arguments.of(26, "value", "1500 bytes",
            "option 26 (interface-mtu) is uint16; \"1500 bytes\" is no decimal integer"),
        Arguments.of(26, "text", "1500",
            "option 26 (interface-mtu) is uint16; give it as value, uint8, uint16, uint32 or hex"),
        Arguments.of(26, "hex", "05:dc:00",
            "option 26 (interface-mtu) is uint16; the bytes \"05:dc:00\" takes exactly 2 bytes,"
                + " not 3"),
        Arguments.of(23, "uint16", 256,
            "option 23 (default-ip-ttl) is uint8; \"256\" is out of range 0 to 255"),
        Arguments.of(2, "value", "2147483648",
            "option 2 (time-offset) is int32; \"2147483648\" is out of range -2147483648 to"
                + " 2147483647"),
        Arguments.of(35, "value", "-1",
            "option 35 (arp-cache-timeout) is uint32; \"-1\" is out of range 0 to 4294967295"),
        Arguments.of(19, "value", "maybe",
            "option 19 (ip-forwarding) is boolean; \"maybe\" is no boolean (true, false, on, off,"
                + " 1, 0)"),
        Arguments.of(19, "uint8", 2,
            "option 19 (ip-forwarding) is boolean; \"2\" is out of range 0 to 1"),
        Arguments.of(19, "hex", "02",
            "option 19 (ip-forwarding) is boolean; the bytes \"02\" is 00 or 01"),
        Arguments.of(28, "addresses", "198.18.3.255, 198.18.7.255",
            "option 28 (broadcast-address) is IPv4 address; give exactly one address, not 2"),
        Arguments.of(33, "addresses", "198.18.8.0, 198.18.0.1, 198.18.9.0",
            "option 33 (static-routes) is list of IPv4 address pairs; give the addresses in"
                + " pairs; 3 is an odd count"),
        Arguments.of(42, "value", "198.18.0.123, ntp.lab.example",
            "option 42 (ntp-servers) is list of IPv4 addresses; \"ntp.lab.example\" is no IPv4"
                + " address"),
        Arguments.of(42, "uint32", 3323068539L,
            "option 42 (ntp-servers) is list of IPv4 addresses; give it as value, addresses or"
                + " hex"),
        Arguments.of(42, "hex", "c6:12:00",
            "option 42 (ntp-servers) is list of IPv4 addresses; the bytes \"c6:12:00\" takes a"
                + " multiple of 4 bytes, not 3"),
        Arguments.of(25, "value", "68,,296",
            "option 25 (path-mtu-plateau-table) is list of uint16; \"68,,296\" has an empty"
                + " item; separate items by ','"),
        Arguments.of(119, "text", "lab.example",
            "option 119 (domain-search) is list of domain names; give it as value or hex"),
        Arguments.of(119, "value", "lab..example",
            "option 119 (domain-search) is list of domain names; \"lab..example\" is no domain"
                + " name (labels of 1 to 63 characters)"),
        Arguments.of(119, "hex", "03:6c:61:62",
            "option 119 (domain-search) is list of domain names; the bytes \"03:6c:61:62\" ends"
                + " inside a domain name (no closing zero byte)"),
        Arguments.of(121, "value", "198.18.8.1/24 198.18.0.1",
            "option 121 (classless-static-routes) is list of classless routes; \"198.18.8.1/24\""
                + " has host bits set"),
        Arguments.of(121, "value", "198.18.8.0/24",
            "option 121 (classless-static-routes) is list of classless routes; \"198.18.8.0/24\""
                + " is no route; write destination/width and router, e.g. 198.18.8.0/24"
                + " 198.18.0.1"),
        Arguments.of(121, "hex", "21:c6:12:08:00:c6:12:00:01",
            "option 121 (classless-static-routes) is list of classless routes; the bytes"
                + " \"21:c6:12:08:00:c6:12:00:01\" holds a route of width 33 at byte 0 (at most"
                + " 32)"),
        Arguments.of(43, "value", "not hex",
            "option 43 (vendor-encapsulated-options) is bytes; \"not hex\" is no hex bytes like"
                + " 01:02:ff"),
        Arguments.of(200, "value", "7",
            "option 200 has no known type, so its value cannot be read; give it as hex, text,"
                + " addresses, uint8, uint16 or uint32"));
  }

  @ParameterizedTest(name = "option {0} {1} {2}")
  @MethodSource("refused")
  void refusesAValueThatDoesNotFitTheType(int code, String form, Object value, String problem) {
    assertThat(errors(option(code, form, value)))
        .containsExactly("spec.options[0]." + form + ": " + problem);
  }

  static Stream<Arguments> accepted() {
    return Stream.of(
        Arguments.of(26, "uint8", 64),
        Arguments.of(2, "uint32", 4294949296L),
        Arguments.of(19, "value", "TRUE"),
        Arguments.of(43, "text", "any bytes"),
        Arguments.of(77, "text", "iPXE"),
        Arguments.of(200, "addresses", "198.18.0.1"),
        Arguments.of(200, "hex", "01:02"));
  }

  @ParameterizedTest(name = "option {0} {1} {2}")
  @MethodSource("accepted")
  void acceptsAValueThatFitsTheType(int code, String form, Object value) {
    assertThat(errors(option(code, form, value))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("levels")
  void checksTheTypeAtEveryLevel(String path, java.util.function.Consumer<DhcpFailoverPair> put) {
    DhcpFailoverPair pair = TestPairs.valid();
    put.accept(pair);
    assertThat(PairValidator.validate(pair).stream().map(ConfigError::toString))
        .containsExactly(path + ".value: option 26 (interface-mtu) is uint16; \"70000\" is out of"
            + " range 0 to 65535");
  }

  static Stream<Arguments> levels() {
    java.util.function.Supplier<OptionSpec> mtu = () -> option(26, "value", "70000");
    return Stream.of(
        Arguments.of("spec.subnets[0].options[2]",
            (java.util.function.Consumer<DhcpFailoverPair>)
                p -> p.getSpec().getSubnets().get(0).getOptions().set(2, mtu.get())),
        Arguments.of("spec.subnets[0].reservations[0].options[0]",
            (java.util.function.Consumer<DhcpFailoverPair>)
                p -> p.getSpec().getSubnets().get(0).getReservations().get(0).getOptions()
                    .add(mtu.get())));
  }
}
