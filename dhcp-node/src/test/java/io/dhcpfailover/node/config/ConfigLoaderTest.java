package io.dhcpfailover.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.node.util.Ipv4;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Path write(String yaml) throws Exception {
    Path file = dir.resolve("pair.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void loadsTheConfigurationOfARole() throws Exception {
    Path file = write(TestPairs.text("valid-pair.yaml"));

    NodeConfig c = ConfigLoader.load(file, Role.SECONDARY, FakeInterfaces.of("eth1", "198.18.0.3"));

    assertThat(c.serverAddress()).isEqualTo(Ipv4.parse("198.18.0.3"));
    assertThat(c.subnets()).hasSize(2);
  }

  @Test
  void listsEveryErrorOnePerLine() throws Exception {
    Path file =
        write(
            TestPairs.text("valid-pair.yaml")
                .replace("mclt: 1h", "mclt: soon")
                .replace("address: 198.18.0.10", "address: 198.18.0.256"));

    assertThatThrownBy(() -> ConfigLoader.load(file, Role.PRIMARY, FakeInterfaces.of("eth0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            String.join(
                "\n",
                "spec.mclt: is no duration; write e.g. 45s, 10m, 1h30m (value 'soon')",
                "spec.subnets[0].reservations[0].address: is no IPv4 address (value"
                    + " '198.18.0.256')",
                "spec.primary.address: 198.18.0.2 is on no local interface",
                "spec.primary.interfaces[0]: no such interface on this host (it has eth0)"
                    + " (value 'eth1')"));
  }

  @Test
  void stopsAtUnknownFieldsBeforeValidating() throws Exception {
    Path file = write(TestPairs.text("valid-pair.yaml").replace("leaseTime:", "leasetime:"));

    assertThatThrownBy(
            () -> ConfigLoader.load(file, Role.PRIMARY, FakeInterfaces.of("eth1", "198.18.0.2")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("spec.subnets[0].leasetime: unknown field; did you mean 'leaseTime'?");
  }

  @Test
  void validatesWithoutTheHost() throws Exception {
    Path file = write(TestPairs.text("valid-pair.yaml"));

    assertThat(ConfigLoader.loadValid(file).getMetadata().getName()).isEqualTo("test-pair");
  }
}
