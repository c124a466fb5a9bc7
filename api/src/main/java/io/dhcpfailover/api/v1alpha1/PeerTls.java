package io.dhcpfailover.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the failover link between the two nodes runs over mutually authenticated TLS. */
public enum PeerTls {
  /**
   * TLS 1.3, each node presenting a certificate of the pair's own authority that names its address
   * and the pair; a node refuses any other peer.
   */
  @JsonProperty("Enabled")
  ENABLED,
  /**
   * Plain TCP, the partner recognised by its source address only: for a partner that cannot speak
   * TLS on the failover port (ISC dhcpd).
   */
  @JsonProperty("Disabled")
  DISABLED
}
