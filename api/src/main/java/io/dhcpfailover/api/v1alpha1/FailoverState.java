package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A node's failover state as it reports it in {@code status.<role>.state} and {@code
 * partnerState}: the states of draft-ietf-dhc-failover-12 §9, spelled as the draft spells them
 * (upper case, words joined by a hyphen), plus {@link #STANDALONE} for a node without partner.
 */
public enum FailoverState {
  /** The partner's state before anything was heard from it (ISC's unknown-state). */
  @JsonProperty("UNKNOWN")
  UNKNOWN,
  @JsonProperty("STARTUP")
  STARTUP,
  @JsonProperty("NORMAL")
  NORMAL,
  @JsonProperty("COMMUNICATIONS-INTERRUPTED")
  COMMUNICATIONS_INTERRUPTED,
  @JsonProperty("PARTNER-DOWN")
  PARTNER_DOWN,
  @JsonProperty("POTENTIAL-CONFLICT")
  POTENTIAL_CONFLICT,
  @JsonProperty("RECOVER")
  RECOVER,
  @JsonProperty("PAUSED")
  PAUSED,
  @JsonProperty("SHUTDOWN")
  SHUTDOWN,
  @JsonProperty("RECOVER-DONE")
  RECOVER_DONE,
  @JsonProperty("RESOLUTION-INTERRUPTED")
  RESOLUTION_INTERRUPTED,
  @JsonProperty("CONFLICT-DONE")
  CONFLICT_DONE,
  @JsonProperty("RECOVER-WAIT")
  RECOVER_WAIT,
  /** A node started with {@code --role standalone}: it serves alone. */
  @JsonProperty("STANDALONE")
  STANDALONE;

  /** Whether a node in this state answers clients. */
  public boolean serving() {
    return this == NORMAL || this == PARTNER_DOWN || this == COMMUNICATIONS_INTERRUPTED;
  }

  /** Whether this state means the node or its link to the partner is down. */
  public boolean down() {
    return this == COMMUNICATIONS_INTERRUPTED
        || this == PARTNER_DOWN
        || this == SHUTDOWN
        || this == PAUSED;
  }

  /** The state as written in status, e.g. {@code COMMUNICATIONS-INTERRUPTED}. */
  public String wireName() {
    return name().replace('_', '-');
  }

  /**
   * The state named as in status ({@code PARTNER-DOWN}) or as an enum constant ({@code
   * PARTNER_DOWN}).
   *
   * @throws IllegalArgumentException when no state has that name
   */
  public static FailoverState of(String name) {
    return valueOf(name.replace('-', '_'));
  }

  @Override
  public String toString() {
    return wireName();
  }
}
