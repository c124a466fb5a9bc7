package io.dhcpfailover.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.dhcpfailover.api.v1alpha1.UpgradePhase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusWriterTest {

  private static final List<Condition> CONDITIONS =
      List.of(
          new ConditionBuilder()
              .withType("ConfigSynced")
              .withStatus("True")
              .withReason("BothNodesCurrent")
              .withMessage("primary and secondary run a1b2c3d4e5f6")
              .withLastTransitionTime("2025-06-01T12:00:00Z")
              .build());

  private static JsonNode status(OperatorStatus status) throws Exception {
    return new ObjectMapper().readTree(StatusWriter.patchBody(status)).get("status");
  }

  @Test
  void patchCarriesTheOperatorKeysWithTheConfigVersionAndNoNodeEntry() throws Exception {
    UpgradeStatus upgrade = new UpgradeStatus();
    upgrade.setPhase(UpgradePhase.IDLE);
    JsonNode status =
        status(new OperatorStatus(3L, "Running", CONDITIONS, true, upgrade, "a1b2c3d4e5f6"));

    assertThat(status.fieldNames())
        .toIterable()
        .containsExactly("observedGeneration", "phase", "configVersion", "conditions", "upgrade");
    assertThat(status.get("configVersion").asText()).isEqualTo("a1b2c3d4e5f6");
    assertThat(status.get("conditions").get(0).get("reason").asText())
        .isEqualTo("BothNodesCurrent");
  }

  @Test
  void withoutAConfigVersionThePatchLeavesItAlone() throws Exception {
    JsonNode status = status(new OperatorStatus(3L, "Invalid", CONDITIONS, true));

    assertThat(status.fieldNames())
        .toIterable()
        .containsExactly("observedGeneration", "phase", "conditions");
  }
}
