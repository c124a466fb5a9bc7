package io.dhcpfailover.node.failover;

/** One connection as the core tracks it. */
public final class FailoverConnection {
  final PeerConnection io;
  final long openedAt;
  boolean established;
  long nextXid = 1;
  long lastReceived;
  long lastSent;

  FailoverConnection(PeerConnection io, long now) {
    this.io = io;
    this.openedAt = now;
    this.lastReceived = now;
    this.lastSent = now;
  }

  long xid() {
    return nextXid++;
  }
}
