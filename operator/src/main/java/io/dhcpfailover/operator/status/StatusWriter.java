package io.dhcpfailover.operator.status;

import io.dhcpfailover.api.v1alpha1.DhcpFailoverPair;
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
 * {@code observedGeneration}, {@code phase} and {@code conditions}. Keys absent from a merge patch
 * are left alone, so {@code status.primary} and {@code status.secondary}, which the nodes write at
 * any time, survive even when the operator's copy of the pair is stale. Sending the whole cached
 * status instead would roll back what a node wrote meanwhile.
 */
public class StatusWriter {
  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** The merge-patch body for {@code status}. */
  public static String patchBody(OperatorStatus status) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("observedGeneration", status.observedGeneration());
    fields.put("phase", status.phase());
    fields.put("conditions", status.conditions());
    return Serialization.asJson(Map.of("status", fields));
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
