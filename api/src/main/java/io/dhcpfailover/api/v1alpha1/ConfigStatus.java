package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a node did with the latest pair file it read ({@code status.<role>.configStatus}); {@code
 * configError} says why when it is not {@link #CURRENT}.
 */
public enum ConfigStatus {
  /** The node runs the latest pair file it read. */
  @JsonProperty("Current")
  CURRENT,
  /** The node refused the latest pair file and keeps running its previous configuration. */
  @JsonProperty("Rejected")
  REJECTED,
  /**
   * The node accepted the latest pair file, but part of it (addresses, interfaces, ports, failover
   * parameters) takes effect only when the node restarts; until then it runs its previous
   * configuration.
   */
  @JsonProperty("RestartPending")
  RESTART_PENDING
}
