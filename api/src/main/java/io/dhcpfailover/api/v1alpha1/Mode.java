package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the two nodes share the clients. */
public enum Mode {
  /** Only the primary answers while both are NORMAL; the secondary takes over when it must. */
  @JsonProperty("HotStandby")
  HOT_STANDBY,
  /** Each node answers the clients whose RFC 3074 hash bucket it owns ({@code split}). */
  @JsonProperty("LoadBalance")
  LOAD_BALANCE
}
