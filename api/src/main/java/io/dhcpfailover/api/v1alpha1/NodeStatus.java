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
  private String state;

  @JsonPropertyDescription("When the node entered its state (RFC 3339).")
  private String since;

  @JsonPropertyDescription("The partner's state as last heard over the failover link.")
  private String partnerState;

  @JsonPropertyDescription("Up or Down: the failover link to the partner.")
  private String link;

  @JsonPropertyDescription("Lease counts in this node's store.")
  private LeaseCounts leases;

  @JsonPropertyDescription("Software version of the node.")
  private String version;

  @JsonPropertyDescription("Identity (hash) of the configuration the node runs.")
  private String configVersion;

  /**
   * Start of a {@code configError} that is no error of the file: the node accepted it but part of
   * it (addresses, interfaces, ports, failover parameters) takes effect only when the node
   * restarts, which the operator does by rolling the pair.
   */
  public static final String RESTART_PENDING = "restart pending: ";

  @JsonPropertyDescription(
      "Error with the latest configuration, if the node kept its old one; a message that starts"
          + " with 'restart pending: ' means the change takes effect when the node restarts.")
  private String configError;

  @JsonPropertyDescription("Last message received from the partner (RFC 3339).")
  private String lastContact;

  @JsonPropertyDescription("When the node last wrote this entry (RFC 3339).")
  private String updated;

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public String getPartnerState() {
    return partnerState;
  }

  public void setPartnerState(String partnerState) {
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
