package io.dhcpfailover.node.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.v1alpha1.OptionSpec;
import io.dhcpfailover.api.validation.OptionType;
import io.dhcpfailover.api.validation.OptionTypes;
import io.dhcpfailover.api.validation.OptionValues;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Imported options take the form the pair file's table gives their code. */
class OptionCatalogTest {

  @Test
  void aKnownCodeIsWrittenAsAValueOfItsType() {
    OptionSpec o = OptionCatalog.option(OptionCatalog.byName("classless-static-route"),
        List.of("198.18.8.0/24 - 198.18.0.1", "0.0.0.0/0 - 198.18.0.1"));
    assertThat(o.getValue()).isEqualTo("198.18.8.0/24 - 198.18.0.1, 0.0.0.0/0 - 198.18.0.1");
    assertThat(HexFormat.of().formatHex(OptionValues.encode(o))).isEqualTo("18c61208c612000100c6120001");
  }

  @Test
  void aDefinedCodeOfUnknownTypeIsWrittenAtItsWidth() {
    OptionSpec o = OptionCatalog.option(
        new OptionTypes.Definition(224, "site-local", OptionType.UINT16), List.of("5"));
    assertThat(o.getUint16()).isEqualTo(5);
    assertThat(o.getValue()).isNull();
  }

  @Test
  void aDefinitionThatChangesTheTypeOfAKnownCodeIsRefused() {
    assertThatThrownBy(() -> OptionCatalog.option(
        new OptionTypes.Definition(26, "mtu32", OptionType.UINT32), List.of("1500")))
        .hasMessage("it redefines option 26 (interface-mtu), which is uint16, as uint32");
  }

  @Test
  void aValueThatDoesNotFitItsTypeIsRefused() {
    assertThatThrownBy(() -> OptionCatalog.option(OptionCatalog.byName("interface-mtu"),
        List.of("70000"))).hasMessageContaining("\"70000\" is out of range 0 to 65535");
    assertThatThrownBy(() -> OptionCatalog.option(OptionCatalog.byName("broadcast-address"),
        List.of("198.18.3.255", "198.18.7.255"))).hasMessageContaining("exactly one address");
  }
}
