package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where a rolling upgrade stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UpgradeStatus {

  @JsonPropertyDescription("The step the roll is in (e.g. WaitingForSecondaryNormal), or Idle.")
  private UpgradePhase phase;

  @JsonPropertyDescription("The node being restarted: primary or secondary.")
  private Role node;

  @JsonPropertyDescription("Why the node restarts.")
  private String reason;

  @JsonPropertyDescription("When the current step began (RFC 3339).")
  private String since;

  @JsonPropertyDescription("When the current wait ends at the latest (RFC 3339).")
  private String deadline;

  @JsonPropertyDescription("Pod template hash the roll is moving from.")
  private String fromRevision;

  @JsonPropertyDescription("Pod template hash the roll is moving to.")
  private String toRevision;

  @JsonPropertyDescription("Image the nodes ran when the roll in progress began.")
  private String fromImage;

  @JsonPropertyDescription("Image before the last finished roll.")
  private String lastFrom;

  @JsonPropertyDescription("Image after the last finished roll.")
  private String lastTo;

  @JsonPropertyDescription("When the last roll finished (RFC 3339).")
  private String lastCompleted;

  public UpgradePhase getPhase() {
    return phase;
  }

  public void setPhase(UpgradePhase phase) {
    this.phase = phase;
  }

  public Role getNode() {
    return node;
  }

  public void setNode(Role node) {
    this.node = node;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public String getDeadline() {
    return deadline;
  }

  public void setDeadline(String deadline) {
    this.deadline = deadline;
  }

  public String getFromRevision() {
    return fromRevision;
  }

  public void setFromRevision(String fromRevision) {
    this.fromRevision = fromRevision;
  }

  public String getToRevision() {
    return toRevision;
  }

  public void setToRevision(String toRevision) {
    this.toRevision = toRevision;
  }

  public String getFromImage() {
    return fromImage;
  }

  public void setFromImage(String fromImage) {
    this.fromImage = fromImage;
  }

  public String getLastFrom() {
    return lastFrom;
  }

  public void setLastFrom(String lastFrom) {
    this.lastFrom = lastFrom;
  }

  public String getLastTo() {
    return lastTo;
  }

  public void setLastTo(String lastTo) {
    this.lastTo = lastTo;
  }

  public String getLastCompleted() {
    return lastCompleted;
  }

  public void setLastCompleted(String lastCompleted) {
    this.lastCompleted = lastCompleted;
  }
}
