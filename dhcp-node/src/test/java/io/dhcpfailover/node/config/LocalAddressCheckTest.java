package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.ConfigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalAddressCheckTest {

  @Test
  void acceptsTheRolesAddressOnALocalInterface() {
    DhcpFailoverPair pair = TestPairs.valid();

    assertThat(LocalAddressCheck.check(pair, Role.PRIMARY, FakeInterfaces.of("eth1", "198.18.0.2")))
        .isEmpty();
  }

  @Test
  void rejectsAnAddressOnNoLocalInterface() {
    DhcpFailoverPair pair = TestPairs.valid();

    assertThat(
            LocalAddressCheck.check(pair, Role.SECONDARY, FakeInterfaces.of("eth1", "198.18.0.2")))
        .containsExactly(
            new ConfigError("spec.secondary.address", "198.18.0.3 is on no local interface"));
  }

  @Test
  void checksThePrimaryEntryForStandalone() {
    DhcpFailoverPair pair = TestPairs.valid();

    assertThat(
            LocalAddressCheck.check(pair, Role.STANDALONE, FakeInterfaces.of("eth1", "198.18.0.3")))
        .extracting(ConfigError::toString)
        .containsExactly("spec.primary.address: 198.18.0.2 is on no local interface");
  }

  @Test
  void rejectsAnInterfaceThatDoesNotExist() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().getPrimary().getInterfaces().add("eth9");
    LocalInterfaces host =
        new FakeInterfaces(Map.of("eth1", Set.of("198.18.0.2"), "lo", Set.of("127.0.0.1")));

    assertThat(LocalAddressCheck.check(pair, Role.PRIMARY, host))
        .extracting(ConfigError::toString)
        .containsExactly(
            "spec.primary.interfaces[1]: no such interface on this host (it has eth1, lo)"
                + " (value 'eth9')");
  }

  @Test
  void skipsAnAddressTheValidatorRejects() {
    DhcpFailoverPair pair = TestPairs.valid();
    pair.getSpec().getPrimary().setAddress("abc");

    assertThat(LocalAddressCheck.check(pair, Role.PRIMARY, FakeInterfaces.of("eth1"))).isEmpty();
  }

  @Test
  void theSystemInterfacesIncludeLoopback() {
    LocalInterfaces system = LocalInterfaces.system();

    assertThat(system.names()).isNotEmpty();
    assertThat(system.addresses()).contains(0x7f000001);
  }
}
