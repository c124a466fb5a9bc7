package io.dhcpfailover.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.api.corpus.SpecCorpus;
import io.dhcpfailover.api.corpus.SpecCorpus.BadSpec;
import io.dhcpfailover.api.v1alpha1.CrdSchema;
import io.dhcpfailover.api.v1alpha1.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The three checks of a spec agree on every spec of the corpus (the examples and every bad spec of
 * the tests): the CRD's schema with its CEL rules (what {@code kubectl apply} refuses), the shared
 * validator (what the operator refuses before rendering) and the node's start-up check (what makes
 * {@code dhcp-node serve} exit 2), run on a host where the primary's address and interfaces exist.
 */
class SpecCorpusAgreementTest {
  private static final CrdSchema CRD = CrdSchema.generated();

  @TempDir Path dir;

  static Stream<Arguments> corpus() {
    List<Arguments> all = new ArrayList<>();
    for (ObjectNode good : SpecCorpus.goodManifests()) {
      all.add(Arguments.of("good: " + good.at("/metadata/name").asText(), good));
    }
    for (BadSpec bad : SpecCorpus.badSpecs()) {
      all.add(Arguments.of("bad: " + bad.name(), bad.manifest()));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void schemaValidatorAndNodeAgree(String name, ObjectNode manifest) throws IOException {
    List<String> crd = CRD.violations(manifest);
    List<String> shared = SpecCorpus.validatorPaths(manifest);
    String node = nodeStartUp(manifest);

    Map<String, Boolean> accepted = new HashMap<>();
    accepted.put("CRD", crd.isEmpty());
    accepted.put("validator", shared.isEmpty());
    accepted.put("node", node == null);
    assertThat(Set.copyOf(accepted.values()))
        .as("verdicts %s; CRD %s; validator %s; node %s", accepted, crd, shared, node)
        .hasSize(1);
  }

  static List<BadSpec> typedOptionSpecs() {
    return SpecCorpus.typedOptionSpecs();
  }

  /**
   * The one known disagreement, kept visible: the schema checks an option value's shape, not the
   * type of its code, so the API server takes these; the validator and the node refuse them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("typedOptionSpecs")
  void anOptionOfTheWrongTypePassesTheSchemaButNotTheValidatorNorTheNode(BadSpec bad)
      throws IOException {
    ObjectNode manifest = bad.manifest();
    assertThat(CRD.violations(manifest)).isEmpty();
    assertThat(SpecCorpus.validatorPaths(manifest)).containsExactly(bad.field());
    assertThat(nodeStartUp(manifest)).contains(bad.field() + ": ");
  }

  /** The node's start-up problems, or null when it would start. */
  private String nodeStartUp(ObjectNode manifest) throws IOException {
    Path file = dir.resolve("pair.yaml");
    Files.writeString(file, SpecCorpus.YAML.writeValueAsString(manifest));
    JsonNode primary = manifest.at("/spec/primary");
    List<String> interfaces = new ArrayList<>();
    primary.path("interfaces").forEach(i -> interfaces.add(i.asText()));
    String address = primary.path("address").asText("");
    Map<String, Set<String>> host = new HashMap<>();
    Set<String> addresses = address.matches("[0-9.]{7,15}") && validAddress(address)
        ? Set.of(address) : Set.of();
    host.put("lo", addresses);
    interfaces.forEach(i -> host.put(i, Set.of()));
    try {
      ConfigLoader.load(file, Role.PRIMARY, new FakeInterfaces(host));
      return null;
    } catch (ConfigException e) {
      return e.getMessage();
    }
  }

  private static boolean validAddress(String text) {
    try {
      io.dhcpfailover.api.validation.Ipv4.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
