package io.dhcpfailover.node.config;

import io.dhcpfailover.api.validation.ConfigError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairFileLoaderTest {

  private static final String VALID = TestPairs.text("valid-pair.yaml");

  private static ConfigException failure(String yaml) {
    try {
      PairFileLoader.parse(yaml, "pair.yaml");
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void readsTheManifestIntoTheApiModel() throws Exception {
    DhcpFailoverPair pair = PairFileLoader.parse(VALID, "pair.yaml");

    assertThat(pair.getMetadata().getName()).isEqualTo("test-pair");
    assertThat(pair.getMetadata().getNamespace()).isEqualTo("dhcp");
    assertThat(pair.getSpec().getMode()).isEqualTo(Mode.HOT_STANDBY);
    assertThat(pair.getSpec().getPrimary().getAddress()).isEqualTo("198.18.0.2");
    assertThat(pair.getSpec().getSubnets()).hasSize(2);
    assertThat(pair.getSpec().getSubnets().get(0).getOptions().get(2).getUint16()).isEqualTo(1500);
    assertThat(pair.getSpec().getSubnets().get(0).getReservations().get(0).getHardwareAddress())
        .isEqualTo("02:00:00:00:00:01");
  }

  @Test
  void fillsDefaultsForFieldsLeftOut() throws Exception {
    DhcpFailoverPair pair = PairFileLoader.parse(VALID, "pair.yaml");

    assertThat(pair.getSpec().getFailoverPort()).isEqualTo(647);
    assertThat(pair.getSpec().getAutoPartnerDown()).isEqualTo("0s");
    assertThat(pair.getSpec().getSubnets().get(1).getLeaseTime()).isEqualTo("12h");
  }

  @Test
  void explicitNullTakesTheDefaultAsTheApiServerDoes() throws Exception {
    // Found by PairFileLoaderFuzzTest: 'mclt: null' loaded as a missing mclt ("required"), while
    // the API server prunes the null and applies the CRD default; and the pair, written back,
    // loaded differently.
    DhcpFailoverPair pair =
        PairFileLoader.parse(VALID.replace("  mclt: 1h\n", "  mclt: null\n"), "pair.yaml");

    assertThat(pair.getSpec().getMclt()).isEqualTo("1h");
  }

  @Test
  void explicitNullOfAFieldWithoutDefaultStaysMissing() throws Exception {
    String primary = "  primary:\n    address: 198.18.0.2\n    interfaces: [eth1]\n";
    DhcpFailoverPair pair =
        PairFileLoader.parse(VALID.replace(primary, "  primary: null\n"), "pair.yaml");

    assertThat(pair.getSpec().getPrimary()).isNull();
  }

  @Test
  void loadsFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pair.yaml");
    Files.writeString(file, VALID);

    assertThat(PairFileLoader.load(file).getMetadata().getName()).isEqualTo("test-pair");
  }

  @Test
  void rejectsAMissingFileNamingIt(@TempDir Path dir) {
    Path file = dir.resolve("missing.yaml");

    assertThatThrownBy(() -> PairFileLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("missing.yaml")
        .hasMessageContaining("no such file");
  }

  @Test
  void rejectsAnUnknownFieldNamingItsPath() {
    ConfigException e =
        failure(VALID.replace("      ranges: [\"198.18.0.100", "      rnages: [\"198.18.0.100"));

    assertThat(e.getMessage())
        .contains("spec.subnets[0].rnages: unknown field")
        .contains("did you mean 'ranges'?");
  }

  @Test
  void rejectsAnUnknownFieldWhoseValueIsAMapping() {
    ConfigException e = failure(VALID.replace("  mclt: 1h\n", "  mclt: 1h\n  timers: {a: 1}\n"));

    assertThat(e.errors()).extracting(ConfigError::path).containsExactly("spec.timers");
  }

  @Test
  void reportsEveryUnknownFieldAtOnce() {
    String yaml =
        VALID
            .replace("        - {code: 66, text: tftp}", "        - {code: 66, txt: tftp}")
            .replace(
                "    interfaces: [eth1]\n  secondary:",
                "    interfaces: [eth1]\n    adress: x\n  secondary:");

    ConfigException e = failure(yaml);

    assertThat(e.errors())
        .extracting(ConfigError::path)
        .containsExactly("spec.primary.adress", "spec.subnets[0].options[1].txt");
  }

  @Test
  void rejectsAnUnknownTopLevelField() {
    ConfigException e = failure(VALID + "extra: true\n");

    assertThat(e.getMessage()).contains("extra: unknown field");
  }

  @Test
  void rejectsAnotherKind() {
    ConfigException e = failure(VALID.replace("kind: DhcpFailoverPair", "kind: ConfigMap"));

    assertThat(e.getMessage()).contains("kind: must be 'DhcpFailoverPair' (value 'ConfigMap')");
  }

  @Test
  void rejectsAnotherApiVersion() {
    ConfigException e = failure(VALID.replace("dhcpfailover.io/v1alpha1", "dhcpfailover.io/v1"));

    assertThat(e.getMessage())
        .contains("apiVersion: must be 'dhcpfailover.io/v1alpha1' (value 'dhcpfailover.io/v1')");
  }

  @Test
  void rejectsAMissingSpec() {
    ConfigException e = failure("apiVersion: dhcpfailover.io/v1alpha1\nkind: DhcpFailoverPair\n");

    assertThat(e.getMessage()).contains("spec: required");
  }

  @Test
  void rejectsAQuotedNumber() {
    ConfigException e =
        failure(VALID.replace("  mclt: 1h\n", "  mclt: 1h\n  failoverPort: \"647\"\n"));

    assertThat(e.getMessage()).contains("spec.failoverPort: must be a whole number (value '647')");
  }

  @Test
  void rejectsAFractionForANumber() {
    ConfigException e = failure(VALID.replace("uint16: 1500", "uint16: 15.5"));

    assertThat(e.getMessage()).contains("spec.subnets[0].options[2].uint16").contains("15.5");
  }

  @Test
  void rejectsAnUnknownModeListingTheChoices() {
    ConfigException e = failure(VALID.replace("mode: HotStandby", "mode: hotstandby"));

    assertThat(e.getMessage())
        .contains("spec.mode: must be one of HotStandby, LoadBalance (value 'hotstandby')");
  }

  @Test
  void rejectsAScalarWhereAListBelongs() {
    ConfigException e = failure(VALID.replace("routers: [198.18.0.1]", "routers: 198.18.0.1"));

    assertThat(e.getMessage()).contains("spec.subnets[0].routers: must be a list");
  }

  @Test
  void rejectsBrokenYamlNamingTheLine() {
    ConfigException e = failure("apiVersion: dhcpfailover.io/v1alpha1\nkind: [DhcpFailoverPair\n");

    assertThat(e.getMessage()).startsWith("pair.yaml:").contains("not valid YAML");
  }

  @Test
  void rejectsADuplicateKey() {
    ConfigException e = failure(VALID.replace("  mclt: 1h\n", "  mclt: 1h\n  mclt: 2h\n"));

    assertThat(e.getMessage()).contains("mclt");
  }

  @Test
  void rejectsSeveralDocuments() {
    ConfigException e = failure(VALID + "---\n" + VALID);

    assertThat(e.getMessage()).contains("found 2 YAML documents");
  }

  @Test
  void allowsFieldsItDoesNotUseInMetadataAndStatus() throws Exception {
    String yaml =
        VALID.replace(
            "  namespace: dhcp\n", "  namespace: dhcp\n  uid: 1234\n  resourceVersion: \"7\"\n");

    DhcpFailoverPair pair = PairFileLoader.parse(yaml, "pair.yaml");

    assertThat(pair.getMetadata().getUid()).isEqualTo("1234");
    assertThat(pair.getStatus().getPrimary().getState()).isEqualTo(io.dhcpfailover.api.v1alpha1.FailoverState.NORMAL);
  }

  @Test
  void keepsAnUnquotedHardwareAddressAsText() throws Exception {
    String yaml = VALID.replace("\"02:00:00:00:00:01\"", "12:34:56:07:08:09");

    DhcpFailoverPair pair = PairFileLoader.parse(yaml, "pair.yaml");

    assertThat(pair.getSpec().getSubnets().get(0).getReservations().get(0).getHardwareAddress())
        .isEqualTo("12:34:56:07:08:09");
  }
}
