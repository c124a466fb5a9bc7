package io.dhcpfailover.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the operator's keys of a pair's status, and nothing else.
 *
 * <p>The write is a JSON merge patch (RFC 7386) of the status subresource whose body carries only
 * {@code observedGeneration}, {@code phase}, {@code conditions} and, when given, {@code
 * configVersion} and {@code upgrade} (with explicit nulls for its fields that no longer apply, so
 * the merge clears them). Keys absent from a merge patch
 * are left alone, so {@code status.primary} and {@code status.secondary}, which the nodes write at
 * any time, survive even when the operator's copy of the pair is stale. Sending the whole cached
 * status instead would roll back what a node wrote meanwhile.
 */
public class StatusWriter {
  private static final ObjectMapper JSON = Serialization.jsonMapper();
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** The merge-patch body for {@code status}. */
  public static String patchBody(OperatorStatus status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("observedGeneration", status.observedGeneration());
    fields.put("phase", status.phase());
    if (status.configVersion() != null) {
      fields.put("configVersion", status.configVersion());
    }
    fields.put("conditions", status.conditions());
    ObjectNode body = JSON.createObjectNode();
    ObjectNode statusNode = body.putObject("status");
    statusNode.setAll((ObjectNode) JSON.valueToTree(fields));
    if (status.upgrade() != null) {
      UpgradeStatus u = status.upgrade();
      ObjectNode upgrade = statusNode.putObject("upgrade");
      upgrade.set("phase", JSON.valueToTree(u.getPhase()));
      upgrade.set("node", JSON.valueToTree(u.getNode()));
      put(upgrade, "reason", u.getReason());
      put(upgrade, "since", u.getSince());
      put(upgrade, "deadline", u.getDeadline());
      put(upgrade, "fromRevision", u.getFromRevision());
      put(upgrade, "toRevision", u.getToRevision());
      put(upgrade, "fromImage", u.getFromImage());
      put(upgrade, "lastFrom", u.getLastFrom());
      put(upgrade, "lastTo", u.getLastTo());
      put(upgrade, "lastCompleted", u.getLastCompleted());
    }
    return body.toString();
  }

  private static void put(ObjectNode node, String name, String value) {
    if (value == null) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }

  /** Patches the status subresource with the operator's keys. */
  public void write(DhcpFailoverPair pair, OperatorStatus status) {
    client
        .resources(DhcpFailoverPair.class)
        .inNamespace(pair.getMetadata().getNamespace())
        .withName(pair.getMetadata().getName())
        .subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), patchBody(status));
  }
}
