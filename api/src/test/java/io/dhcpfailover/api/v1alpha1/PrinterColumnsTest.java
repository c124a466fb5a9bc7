package io.dhcpfailover.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code kubectl get dfp} shows the columns users look for, and each one resolves. */
class PrinterColumnsTest {

  private static final CrdSchema CRD = CrdSchema.generated();
  private static final Pattern FILTER =
      Pattern.compile("^\\[\\?\\(@\\.([A-Za-z0-9]+)==\"([^\"]*)\"\\)\\]");
  private static final Pattern FIELD = Pattern.compile("^\\.([A-Za-z0-9]+)");

  @Test
  void crdDeclaresTheExpectedColumns() {
    assertThat(columns().keySet())
        .containsExactlyInAnyOrder(
            "Mode", "Primary", "Secondary", "Leases", "Ready", "Age", "Upgrade");
  }

  @Test
  void everyColumnResolvesOnASamplePair() {
    JsonNode pair = CrdSchema.YAML.valueToTree(samplePair());
    Map<String, String> expected =
        Map.of(
            "Mode", "HotStandby",
            "Primary", "NORMAL",
            "Secondary", "NORMAL",
            "Leases", "412",
            "Ready", "True",
            "Age", "2025-01-01T00:00:00Z",
            "Upgrade", "WaitingForSecondaryNormal");
    columns()
        .forEach(
            (name, path) ->
                assertThat(resolve(pair, path)).as("column %s (%s)", name, path).isEqualTo(expected.get(name)));
  }

  private static Map<String, String> columns() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode column : CRD.crd().at("/spec/versions/0/additionalPrinterColumns")) {
      out.put(column.get("name").asText(), column.get("jsonPath").asText());
    }
    return out;
  }

  private static DhcpFailoverPair samplePair() {
    DhcpFailoverPair pair = new DhcpFailoverPair();
    pair.getMetadata().setName("campus-a");
    pair.getMetadata().setCreationTimestamp("2025-01-01T00:00:00Z");
    DhcpFailoverPairSpec spec = new DhcpFailoverPairSpec();
    pair.setSpec(spec);
    DhcpFailoverPairStatus status = new DhcpFailoverPairStatus();
    NodeStatus primary = new NodeStatus();
    primary.setState(FailoverState.NORMAL);
    primary.setLeases(new LeaseCounts(412, 80, 40));
    NodeStatus secondary = new NodeStatus();
    secondary.setState(FailoverState.NORMAL);
    status.setPrimary(primary);
    status.setSecondary(secondary);
    UpgradeStatus upgrade = new UpgradeStatus();
    upgrade.setPhase(UpgradePhase.WAITING_FOR_SECONDARY_NORMAL);
    status.setUpgrade(upgrade);
    status.getConditions()
        .add(new ConditionBuilder().withType("Degraded").withStatus("False").build());
    status.getConditions()
        .add(new ConditionBuilder().withType("Ready").withStatus("True").build());
    pair.setStatus(status);
    return pair;
  }

  /**
   * Evaluates the subset of kubectl JSONPath printer columns use: {@code .field} steps and {@code
   * [?(@.key=="value")]} filters over arrays.
   */
  static String resolve(JsonNode root, String path) {
    List<JsonNode> current = new ArrayList<>(List.of(root));
    String rest = path;
    while (!rest.isEmpty()) {
      Matcher filter = FILTER.matcher(rest);
      Matcher field = FIELD.matcher(rest);
      List<JsonNode> next = new ArrayList<>();
      if (filter.find()) {
        for (JsonNode node : current) {
          for (JsonNode item : node) {
            if (filter.group(2).equals(item.path(filter.group(1)).asText(null))) {
              next.add(item);
            }
          }
        }
        rest = rest.substring(filter.end());
      } else if (field.find()) {
        for (JsonNode node : current) {
          if (node.has(field.group(1))) {
            next.add(node.get(field.group(1)));
          }
        }
        rest = rest.substring(field.end());
      } else {
        throw new IllegalArgumentException("unsupported JSONPath at '" + rest + "' in " + path);
      }
      current = next;
    }
    return current.isEmpty() ? null : current.get(0).asText();
  }
}
