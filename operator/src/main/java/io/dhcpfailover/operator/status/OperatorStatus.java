package io.dhcpfailover.operator.status;

import io.dhcpfailover.api.v1alpha1.UpgradeStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The keys of {@code status} the operator owns. Node entries ({@code status.primary}, {@code
 * status.secondary}) are deliberately absent: the nodes write them.
 *
 * @param observedGeneration the spec generation acted on
 * @param phase Pending, Running, Degraded, Upgrading or Invalid
 * @param conditions Ready, Degraded, Progressing, InvalidSpec and ConfigSynced
 * @param settled true when nothing is expected to change without outside action
 * @param upgrade {@code status.upgrade}, or null to leave it as it is
 * @param configVersion {@code status.configVersion}, the version of the pair file rendered, or
 *     null to leave it as it is
 */
public record OperatorStatus(
    Long observedGeneration,
    String phase,
    List<Condition> conditions,
    boolean settled,
    UpgradeStatus upgrade,
    String configVersion) {

  /** A status that leaves {@code status.upgrade} and {@code status.configVersion} alone. */
  public OperatorStatus(
      Long observedGeneration, String phase, List<Condition> conditions, boolean settled) {
    this(observedGeneration, phase, conditions, settled, null, null);
  }
}
