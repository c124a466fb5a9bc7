package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Conflict detection before an offer: the node sends an ICMP echo to an address it is about to
 * give a client that did not hold it, and gives another when something answers (the answering
 * address is stored ABANDONED, as a declined one, and returns after the decline probation).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PingCheckSpec {
  public static final int DEFAULT_TIMEOUT_MILLIS = 500;
  public static final int MAX_TIMEOUT_MILLIS = 5000;

  @JsonPropertyDescription(
      "Ping an address before offering it to a client that did not hold it. Off by default: each"
          + " new client then waits timeoutMillis for its offer.")
  private Boolean enabled = false;

  @Min(1)
  @Max(MAX_TIMEOUT_MILLIS)
  @JsonPropertyDescription("How long to wait for an echo reply, in milliseconds (1-5000, default 500).")
  private Integer timeoutMillis = DEFAULT_TIMEOUT_MILLIS;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public Integer getTimeoutMillis() {
    return timeoutMillis;
  }

  public void setTimeoutMillis(Integer timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
  }

  /** Whether the check is on. */
  public boolean on() {
    return Boolean.TRUE.equals(enabled);
  }
}
