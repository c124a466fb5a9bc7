package io.dhcpfailover.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPairSpec;
import io.dhcpfailover.api.v1alpha1.Mode;
import io.dhcpfailover.operator.Fixtures;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PairSpecValidatorTest {

  @Test
  void fixturesAreValid() {
    assertThat(PairSpecValidator.validate(Fixtures.pair("hot-standby").getSpec())).isEmpty();
    assertThat(PairSpecValidator.validate(Fixtures.pair("load-balance").getSpec())).isEmpty();
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        bad(s -> s.setPrimary(null), "spec.primary"),
        bad(s -> s.getSecondary().setAddress("198.18.0.2"), "spec.secondary.address"),
        bad(s -> s.getPrimary().setAddress("198.18.0.300"), "spec.primary.address"),
        bad(s -> s.getSecondary().setNodeName("worker-a"), "spec.secondary.nodeName"),
        bad(s -> s.setSplit(128), "spec.split"),
        bad(s -> { s.setMode(Mode.LOAD_BALANCE); s.setSplit(300); }, "spec.split"),
        bad(s -> s.setMclt("1 hour"), "spec.mclt"),
        bad(s -> s.setDeclineProbation("a day"), "spec.declineProbation"),
        bad(s -> s.setHttpPort(647), "spec.httpPort"),
        bad(s -> s.getSubnets().clear(), "spec.subnets"),
        bad(s -> s.getSubnets().get(0).setSubnet("198.18.0.0/40"), "spec.subnets[0].subnet"),
        bad(s -> s.getSubnets().get(0).getRanges().set(0, "198.18.4.1-198.18.4.9"),
            "spec.subnets[0].ranges[0]"),
        bad(s -> s.getSubnets().get(0).getRanges().set(0, "198.18.0.200-198.18.0.100"),
            "spec.subnets[0].ranges[0]"),
        bad(s -> s.getSubnets().get(0).getRanges().add("198.18.0.150-198.18.0.160"),
            "spec.subnets[0].ranges[1]"),
        bad(s -> s.getSubnets().get(0).getRouters().add("router"), "spec.subnets[0].routers[1]"),
        bad(s -> s.getSubnets().get(0).getOptions().get(0).setText("x"),
            "spec.subnets[0].options[0]"),
        bad(s -> s.getSubnets().get(0).getReservations().get(0).setAddress("10.0.0.1"),
            "spec.subnets[0].reservations[0].address"),
        bad(s -> s.getSubnets().get(0).getReservations().get(0).setHardwareAddress(null),
            "spec.subnets[0].reservations[0]"),
        bad(s -> s.getStorage().setSize("big"), "spec.storage.size"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void refusesBadSpecNamingTheField(Consumer<DhcpFailoverPairSpec> breakIt, String field) {
    DhcpFailoverPairSpec spec = Fixtures.pair("hot-standby").getSpec();
    breakIt.accept(spec);
    assertThat(PairSpecValidator.validate(spec)).anySatisfy(m -> assertThat(m).startsWith(field + ":"));
  }

  private static Arguments bad(Consumer<DhcpFailoverPairSpec> breakIt, String field) {
    return Arguments.of(breakIt, field);
  }
}
