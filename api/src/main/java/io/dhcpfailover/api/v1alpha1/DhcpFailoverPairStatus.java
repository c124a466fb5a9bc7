package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/**
 * The observed pair. One writer per key: each node writes only its own entry ({@code primary} or
 * {@code secondary}); the operator writes the rest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DhcpFailoverPairStatus {

  @JsonPropertyDescription("Written by the primary node itself: its failover state and leases.")
  private NodeStatus primary;

  @JsonPropertyDescription("Written by the secondary node itself: its failover state and leases.")
  private NodeStatus secondary;

  @JsonPropertyDescription("The spec generation the operator last acted on.")
  private Long observedGeneration;

  @JsonPropertyDescription("Summary: Pending, Running, Degraded, Upgrading or Invalid.")
  private String phase;

  @JsonPropertyDescription(
      "The config version of the pair file the operator last rendered (ConfigMap <name>-pair)."
          + " Each node reports the one it runs in primary.configVersion and"
          + " secondary.configVersion; the ConfigSynced condition compares them.")
  private String configVersion;

  @JsonPropertyDescription("Ready, Degraded, Progressing, InvalidSpec and ConfigSynced conditions.")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Progress of a rolling upgrade, and the last one finished.")
  private UpgradeStatus upgrade;

  public NodeStatus getPrimary() {
    return primary;
  }

  public void setPrimary(NodeStatus primary) {
    this.primary = primary;
  }

  public NodeStatus getSecondary() {
    return secondary;
  }

  public void setSecondary(NodeStatus secondary) {
    this.secondary = secondary;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public String getConfigVersion() {
    return configVersion;
  }

  public void setConfigVersion(String configVersion) {
    this.configVersion = configVersion;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions == null ? new ArrayList<>() : conditions;
  }

  public UpgradeStatus getUpgrade() {
    return upgrade;
  }

  public void setUpgrade(UpgradeStatus upgrade) {
    this.upgrade = upgrade;
  }
}
