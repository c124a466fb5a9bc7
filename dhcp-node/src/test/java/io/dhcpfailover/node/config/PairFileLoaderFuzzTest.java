package io.dhcpfailover.node.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.Role;
import io.dhcpfailover.api.validation.ConfigError;
import io.dhcpfailover.api.validation.PairValidator;
import io.dhcpfailover.node.util.AllocationMeter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzzes the pair-file path of the node's start-up and live reload: {@link PairFileLoader} on the
 * file's text, then {@link PairValidator}, then {@link NodeConfig} for each role, as {@link
 * ConfigLoader} does. The seed corpus ({@code PairFileLoaderFuzzTestInputs/loadsOrExplains/}) holds
 * the repository's example pairs and the test pairs, in YAML and JSON. Under {@code mvn verify}
 * each seed is replayed, with {@code JAZZER_FUZZ=1} the target is fuzzed.
 *
 * <ul>
 *   <li>Loading returns a pair or throws {@link ConfigException} with at least one error, each
 *       naming a path and a problem; validation returns its errors and never throws; a pair without
 *       errors translates for every role. Any other throwable is a finding.
 *   <li>A loaded pair written back as YAML loads again to the same spec and the same validation
 *       errors.
 *   <li>Loading allocates at most a fixed amount plus a multiple of the text's size.
 * </ul>
 */
class PairFileLoaderFuzzTest {
  /** Fixed part of the allocation budget: parser, tree, beans, error texts. */
  static final long FIXED_BUDGET = 4 * 1024 * 1024;

  /** Bytes of allocation allowed per input byte (a YAML tree is much larger than its text). */
  static final long PER_BYTE_BUDGET = 4 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String SOURCE = "pair.yaml";

  @FuzzTest
  void loadsOrExplains(byte[] input) throws IOException {
    String text = new String(input, StandardCharsets.UTF_8);
    AllocationMeter.assertWithinBudget(
        () -> allocationOf(text), FIXED_BUDGET, PER_BYTE_BUDGET, input.length, "loading");

    DhcpFailoverPair pair;
    try {
      pair = PairFileLoader.parse(text, SOURCE);
    } catch (ConfigException e) {
      assertThat(e.errors()).isNotEmpty();
      for (ConfigError error : e.errors()) {
        assertThat(error.path()).isNotNull();
        assertThat(error.message()).isNotBlank();
      }
      return;
    }
    List<ConfigError> errors = PairValidator.validate(pair);
    if (errors.isEmpty()) {
      for (Role role : Role.values()) {
        assertThat(NodeConfig.from(pair, role).role()).isEqualTo(role);
      }
    }
    assertRoundTrip(pair, errors);
  }

  private static void assertRoundTrip(DhcpFailoverPair pair, List<ConfigError> errors)
      throws IOException {
    String written = YAML.writeValueAsString(pair);
    DhcpFailoverPair again;
    try {
      again = PairFileLoader.parse(written, SOURCE);
    } catch (ConfigException e) {
      throw new AssertionError(
          "a loaded pair no longer loads once written back:\n" + written + "\n" + e.getMessage(),
          e);
    }
    JsonNode spec = JSON.valueToTree(pair.getSpec());
    assertThat((Object) JSON.valueToTree(again.getSpec())).as("spec").isEqualTo(spec);
    assertThat(PairValidator.validate(again)).as("validation").isEqualTo(errors);
  }

  private static long allocationOf(String text) {
    AllocationMeter meter = AllocationMeter.start();
    try {
      PairFileLoader.parse(text, SOURCE);
    } catch (ConfigException e) {
      // checked by the caller
    }
    return meter.allocated();
  }
}
