package io.dhcpfailover.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.v1alpha1.OptionSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Options are laid out on the wire by the type of their code: the golden encodings of
 * {@code golden/options/encodings.csv}, and the table of types itself.
 */
class OptionEncodingTest {

  static Stream<Arguments> golden() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = OptionEncodingTest.class.getResourceAsStream("/golden/options/encodings.csv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\\|");
        out.add(Arguments.of(Integer.parseInt(f[0].trim()), f[1].trim(), f[2].trim(),
            f[3].replace(" ", "").trim()));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "option {0} {1} \"{2}\" is {3}")
  @MethodSource("golden")
  void encodesByTheTypeOfTheCode(int code, String form, String value, String hex) {
    OptionSpec o = new OptionSpec();
    o.setCode(code);
    switch (form) {
      case "value" -> o.setValue(value);
      case "addresses" -> o.setAddresses(List.of(value.split(",\\s*")));
      case "text" -> o.setText(value);
      case "hex" -> o.setHex(value);
      case "uint8" -> o.setUint8(Integer.parseInt(value));
      case "uint16" -> o.setUint16(Integer.parseInt(value));
      default -> o.setUint32(Long.parseLong(value));
    }

    assertThat(HexFormat.of().formatHex(OptionValues.encode(o))).isEqualTo(hex);
    assertThat(TypedOptionRulesTest.errors(o)).as("the validator's verdict").isEmpty();
  }

  @Test
  void aValueForACodeOfUnknownTypeIsNotEncoded() {
    OptionSpec o = new OptionSpec();
    o.setCode(200);
    o.setValue("7");

    assertThatThrownBy(() -> OptionValues.encode(o)).hasMessageContaining("no known type");
  }

  @Test
  void theTableCoversRfc2132AndTheCommonLaterCodes() {
    Set<Integer> codes = new HashSet<>();
    OptionTypes.all().forEach(d -> codes.add(d.code()));
    for (int code = 1; code <= 76; code++) {
      assertThat(codes).as("RFC 2132 code %d", code).contains(code);
    }
    assertThat(codes).contains(77, 93, 108, 114, 119, 121, 150, 252);
  }

  @Test
  void namesAndAliasesFindTheirCode() {
    assertThat(OptionTypes.byName("interface-mtu").code()).isEqualTo(26);
    assertThat(OptionTypes.byName("Boot-File-Name").code()).isEqualTo(67);
    assertThat(OptionTypes.byName("classless-static-route").code()).isEqualTo(121);
    assertThat(OptionTypes.byName("no-such-option")).isNull();
    assertThat(OptionTypes.byCode(26).title()).isEqualTo("26 (interface-mtu)");
  }

  @Test
  void everyNameIsOneOption() {
    Set<String> names = new HashSet<>();
    OptionTypes.all().forEach(d -> assertThat(names.add(d.name())).as(d.name()).isTrue());
  }
}
