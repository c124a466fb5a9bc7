package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What one node reports about itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeStatus {

  @JsonPropertyDescription(
      "Failover state: STARTUP, NORMAL, COMMUNICATIONS-INTERRUPTED, PARTNER-DOWN, RECOVER,"
          + " RECOVER-WAIT, RECOVER-DONE, POTENTIAL-CONFLICT, RESOLUTION-INTERRUPTED,"
          + " CONFLICT-DONE, PAUSED, SHUTDOWN; STANDALONE for a node without partner.")
  private FailoverState state;

  @JsonPropertyDescription("When the node entered its state (RFC 3339).")
  private String since;

  @JsonPropertyDescription("The partner's state as last heard over the failover link.")
  private FailoverState partnerState;

  @JsonPropertyDescription("Up or Down: the failover link to the partner.")
  private String link;

  @JsonPropertyDescription("Lease counts in this node's store.")
  private LeaseCounts leases;

  @JsonPropertyDescription("Software version of the node.")
  private String version;

  @JsonPropertyDescription("Identity (hash) of the configuration the node runs.")
  private String configVersion;

  @JsonPropertyDescription(
      "What the node did with the latest pair file it read: Current (runs it), Rejected (refused"
          + " it, runs its previous configuration) or RestartPending (accepted it, but part of it"
          + " takes effect only when the node restarts). Absent from nodes that predate it.")
  private ConfigStatus configStatus;

  @JsonPropertyDescription(
      "Why the node does not run the latest pair file (configStatus Rejected or RestartPending).")
  private String configError;

  @JsonPropertyDescription("Last message received from the partner (RFC 3339).")
  private String lastContact;

  @JsonPropertyDescription("When the node last wrote this entry (RFC 3339).")
  private String updated;

  public FailoverState getState() {
    return state;
  }

  public void setState(FailoverState state) {
    this.state = state;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public FailoverState getPartnerState() {
    return partnerState;
  }

  public void setPartnerState(FailoverState partnerState) {
    this.partnerState = partnerState;
  }

  public String getLink() {
    return link;
  }

  public void setLink(String link) {
    this.link = link;
  }

  public LeaseCounts getLeases() {
    return leases;
  }

  public void setLeases(LeaseCounts leases) {
    this.leases = leases;
  }

  public String getVersion() {
    return version;
  }

  public void setVersion(String version) {
    this.version = version;
  }

  public String getConfigVersion() {
    return configVersion;
  }

  public void setConfigVersion(String configVersion) {
    this.configVersion = configVersion;
  }

  public ConfigStatus getConfigStatus() {
    return configStatus;
  }

  public void setConfigStatus(ConfigStatus configStatus) {
    this.configStatus = configStatus;
  }

  /**
   * What the node did with the latest pair file: {@code configStatus}, or for a node that predates
   * that field, {@link ConfigStatus#REJECTED} when it reports a {@code configError} and {@link
   * ConfigStatus#CURRENT} when it does not.
   */
  public ConfigStatus effectiveConfigStatus() {
    if (configStatus != null) {
      return configStatus;
    }
    return configError == null || configError.isBlank() ? ConfigStatus.CURRENT : ConfigStatus.REJECTED;
  }

  public String getConfigError() {
    return configError;
  }

  public void setConfigError(String configError) {
    this.configError = configError;
  }

  public String getLastContact() {
    return lastContact;
  }

  public void setLastContact(String lastContact) {
    this.lastContact = lastContact;
  }

  public String getUpdated() {
    return updated;
  }

  public void setUpdated(String updated) {
    this.updated = updated;
  }
}
