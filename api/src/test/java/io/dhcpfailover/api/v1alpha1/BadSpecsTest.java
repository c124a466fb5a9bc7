package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Specs a user may get wrong are refused by the CRD's schema or its CEL rules. */
class BadSpecsTest {

  private static final CrdSchema CRD = CrdSchema.generated();
  private static JsonNode good;

  @BeforeAll
  static void loadGoodPair() throws IOException {
    try (InputStream in = BadSpecsTest.class.getResourceAsStream("/pairs/hot-standby.yaml")) {
      good = CrdSchema.readAll(in).get(0);
    }
  }

  @Test
  void theFixtureItselfIsValid() {
    assertThat(CRD.violations(good)).isEmpty();
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        bad("missing primary", s -> s.remove("primary"), "primary"),
        bad("missing subnets", s -> s.remove("subnets"), "subnets"),
        bad("empty subnets", s -> s.putArray("subnets"), "subnets"),
        bad("unknown mode", s -> s.put("mode", "ActiveActive"), "mode"),
        bad("bad primary address", s -> node(s, "primary").put("address", "198.18.0.256"), "address"),
        bad("address with prefix", s -> node(s, "secondary").put("address", "198.18.0.3/24"), "address"),
        bad("bad subnet cidr", s -> subnet(s).put("subnet", "198.18.0.0/33"), "subnet"),
        bad("subnet without prefix", s -> subnet(s).put("subnet", "198.18.0.0"), "subnet"),
        bad("bad range", s -> ((ArrayNode) subnet(s).get("ranges")).add("198.18.0.1-"), "range"),
        bad("bad router", s -> ((ArrayNode) subnet(s).get("routers")).add("gateway"), "router"),
        bad("bad dns server", s -> ((ArrayNode) subnet(s).get("dnsServers")).add("1.2.3"), "DNS"),
        bad("bad mclt", s -> s.put("mclt", "1 hour"), "mclt"),
        bad("duration with days", s -> s.put("maxResponseDelay", "1d"), "maxResponseDelay"),
        bad("bad lease time", s -> subnet(s).put("leaseTime", "-5m"), "leaseTime"),
        bad("split above 256", s -> s.put("mode", "LoadBalance").put("split", 257), "split"),
        bad("negative split", s -> s.put("mode", "LoadBalance").put("split", -1), "split"),
        bad("split in hot standby", s -> s.put("split", 128), "split"),
        bad("split without mode", s -> s.<ObjectNode>without("mode").put("split", 128), "split"),
        bad("failover port 0", s -> s.put("failoverPort", 0), "failoverPort"),
        bad("http port too high", s -> s.put("httpPort", 70000), "httpPort"),
        bad("max unacked 0", s -> s.put("maxUnackedUpdates", 0), "maxUnackedUpdates"),
        bad("same addresses", s -> node(s, "secondary").put("address", "198.18.0.2"), "address"),
        bad("same node names", s -> node(s, "secondary").put("nodeName", "worker-a"), "nodeName"),
        bad("option code 0", s -> option(s).put("code", 0), "code"),
        bad("option code 255", s -> option(s).put("code", 255), "code"),
        bad("option with two values", s -> option(s).put("text", "x"), "exactly one"),
        bad("option without value", s -> option(s).remove("addresses"), "exactly one"),
        bad("option bad address", s -> ((ArrayNode) option(s).get("addresses")).add("x"), "address"),
        bad("option bad hex", s -> option(s).<ObjectNode>without("addresses").put("hex", "0g"), "hex"),
        bad("reservation bad mac", s -> reservation(s).put("hardwareAddress", "02:00:00"), "hardwareAddress"),
        bad("reservation without key", s -> reservation(s).remove("hardwareAddress"), "clientId"),
        bad("reservation without address", s -> reservation(s).remove("address"), "address"),
        bad("bad storage size", s -> node(s, "storage").put("size", "lots"), "size"),
        bad("unknown field", s -> s.put("mlct", "1h"), "mlct"),
        bad("address too long", s -> node(s, "primary").put("address", "198.18.000.0002"), "address"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void badSpecIsRefusedNamingTheField(String name, Consumer<ObjectNode> breakIt, String field) {
    ObjectNode pair = good.deepCopy();
    breakIt.accept((ObjectNode) pair.get("spec"));
    assertThat(CRD.violations(pair))
        .as("violations of '%s'", name)
        .isNotEmpty()
        .anySatisfy(message -> assertThat(message).containsIgnoringCase(field));
  }

  private static Arguments bad(String name, Consumer<ObjectNode> breakIt, String field) {
    return Arguments.of(name, breakIt, field);
  }

  private static ObjectNode node(ObjectNode spec, String field) {
    return (ObjectNode) spec.get(field);
  }

  private static ObjectNode subnet(ObjectNode spec) {
    return (ObjectNode) spec.get("subnets").get(0);
  }

  private static ObjectNode option(ObjectNode spec) {
    return (ObjectNode) subnet(spec).get("options").get(0);
  }

  private static ObjectNode reservation(ObjectNode spec) {
    return (ObjectNode) subnet(spec).get("reservations").get(0);
  }
}
