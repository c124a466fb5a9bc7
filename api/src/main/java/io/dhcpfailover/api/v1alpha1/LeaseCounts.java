package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Address counts by binding state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LeaseCounts {

  @JsonPropertyDescription("Addresses leased to a client now.")
  private Long active;

  @JsonPropertyDescription("Addresses free for this node to give (FREE pool of the primary).")
  private Long free;

  @JsonPropertyDescription("Addresses held back for the secondary (BACKUP pool).")
  private Long backup;

  public LeaseCounts() {}

  public LeaseCounts(long active, long free, long backup) {
    this.active = active;
    this.free = free;
    this.backup = backup;
  }

  public Long getActive() {
    return active;
  }

  public void setActive(Long active) {
    this.active = active;
  }

  public Long getFree() {
    return free;
  }

  public void setFree(Long free) {
    this.free = free;
  }

  public Long getBackup() {
    return backup;
  }

  public void setBackup(Long backup) {
    this.backup = backup;
  }
}
