package io.dhcpfailover.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.api.corpus.SpecCorpus;
import io.dhcpfailover.api.corpus.SpecCorpus.BadSpec;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared validator refuses every bad spec of the corpus, naming its field, and accepts the good. */
class CorpusValidationTest {

  static List<BadSpec> badSpecs() {
    return SpecCorpus.badSpecs();
  }

  static List<BadSpec> typedOptionSpecs() {
    return SpecCorpus.typedOptionSpecs();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typedOptionSpecs")
  void refusesAnOptionValueOfTheWrongTypeNamingTheField(BadSpec bad) {
    assertThat(SpecCorpus.validatorPaths(bad.manifest())).containsExactly(bad.field());
  }

  static List<ObjectNode> goodManifests() {
    return SpecCorpus.goodManifests();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void refusesNamingTheField(BadSpec bad) {
    assertThat(SpecCorpus.validatorPaths(bad.manifest()))
        .anySatisfy(path -> assertThat(path).startsWith(bad.field()));
  }

  @ParameterizedTest
  @MethodSource("goodManifests")
  void acceptsTheGoodManifests(ObjectNode manifest) {
    assertThat(PairValidator.validate(SpecCorpus.toPair(manifest))).isEmpty();
  }
}
