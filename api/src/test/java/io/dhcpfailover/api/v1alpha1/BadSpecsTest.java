package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.api.corpus.SpecCorpus;
import io.dhcpfailover.api.corpus.SpecCorpus.BadSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad spec of the corpus is refused by the CRD's schema or its CEL rules, naming the field. */
class BadSpecsTest {

  private static final CrdSchema CRD = CrdSchema.generated();

  @Test
  void theFixtureItselfIsValid() {
    assertThat(CRD.violations(SpecCorpus.valid())).isEmpty();
  }

  static List<BadSpec> badSpecs() {
    return SpecCorpus.badSpecs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void badSpecIsRefusedNamingTheField(BadSpec bad) {
    assertThat(CRD.violations(bad.manifest()))
        .as("violations of '%s'", bad.name())
        .isNotEmpty()
        .anySatisfy(message -> assertThat(message).contains(bad.leaf()));
  }

  @Test
  void anUnknownFieldIsRefused() {
    ObjectNode pair = SpecCorpus.valid();
    ((ObjectNode) pair.get("spec")).put("mlct", "1h");
    assertThat(CRD.violations(pair)).anySatisfy(m -> assertThat(m).contains("mlct"));
  }
}
