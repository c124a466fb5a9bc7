package io.dhcpfailover.node.failover;

/** This server's role in the failover relationship (draft-ietf-dhc-failover-12 §5.1). */
public enum Role {
  PRIMARY,
  SECONDARY
}
