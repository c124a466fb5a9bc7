package io.dhcpfailover.node.config;

import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.PairValidator;
import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair file in {@code examples/} reads, validates and translates for each role. */
class ExamplesTest {

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(TestPairs.examples())) {
      List<Path> pairs =
          files
              .filter(f -> f.toString().endsWith(".yaml"))
              .filter(ExamplesTest::isPairManifest)
              .sorted()
              .toList();
      return pairs.stream();
    }
  }

  private static boolean isPairManifest(Path file) {
    try {
      return Files.readString(file).contains("kind: DhcpFailoverPair");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theExamplesAreThere() throws IOException {
    assertThat(examples().map(p -> p.getFileName().toString()))
        .contains("hot-standby.yaml", "load-balance-relayed.yaml", "standalone-lab.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void readsAndValidates(Path file) throws Exception {
    DhcpFailoverPair pair = PairFileLoader.load(file);

    assertThat(PairValidator.validate(pair)).isEmpty();
    assertThat(pair.getMetadata().getName()).isNotBlank();
    assertThat(pair.getMetadata().getNamespace()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void loadsForEveryRoleOnAHostWithItsAddress(Path file) throws Exception {
    DhcpFailoverPair pair = PairFileLoader.load(file);
    for (Role role : Role.values()) {
      var node =
          role == Role.SECONDARY ? pair.getSpec().getSecondary() : pair.getSpec().getPrimary();
      LocalInterfaces host =
          FakeInterfaces.of(
              node.getInterfaces().isEmpty() ? "eth0" : node.getInterfaces().get(0),
              node.getAddress());

      NodeConfig c = ConfigLoader.load(file, role, host);

      assertThat(c.role()).isEqualTo(role);
      assertThat(c.subnets()).isNotEmpty();
      assertThat(c.subnets()).allSatisfy(s -> assertThat(s.ranges()).isNotEmpty());
    }
  }

  @Test
  void theLoadBalanceExampleSplitsEvenlyOverThreeSubnets() throws Exception {
    DhcpFailoverPair pair =
        PairFileLoader.load(TestPairs.examples().resolve("load-balance-relayed.yaml"));

    NodeConfig c = NodeConfig.from(pair, Role.PRIMARY);

    assertThat(c.mode()).isEqualTo(Mode.LOAD_BALANCE);
    assertThat(c.split()).isEqualTo(128);
    assertThat(c.subnets()).hasSize(3);
  }
}
